// Builds the extension that runs test/vscode/host's suites inside a real VS Code, and packages
// it as out/tlnb-host-tests.vsix. It is a test tool: never part of the product's VSIX.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const dir = 'out/host-tests';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
await esbuild.build({
  entryPoints: { extension: 'test/vscode/host/extension.ts' },
  outdir: `${dir}/dist`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
copyFileSync('test/vscode/host/package.json', `${dir}/package.json`);
copyFileSync('LICENSE', `${dir}/LICENSE`);
writeFileSync(`${dir}/README.md`, '# tlnb host tests\n\nRuns tlnb\'s integration suite inside VS Code. Not shipped.\n');
const result = spawnSync(
  process.execPath,
  ['../../node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--out', '../tlnb-host-tests.vsix'],
  { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log('out/tlnb-host-tests.vsix');
