// Builds a production bundle and packages the extension as out/tlnb.vsix with @vscode/vsce.
// Everything the extension needs at run time is bundled into dist/, so the VSIX carries no
// node_modules; .vscodeignore keeps sources, tests and tooling out. Prints the VSIX's size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';

const vsix = 'out/tlnb.vsix';
// The kernel ships esbuild's native binary for this machine (scripts/build.mjs), so the VSIX is
// for this platform only; run `npm run package` on each platform to publish for it.
const target = `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

mkdirSync('out', { recursive: true });
rmSync('dist', { recursive: true, force: true }); // no stale development files (source maps) in the VSIX
run(process.execPath, ['scripts/build.mjs', '--production']);
run(process.execPath, [
  'node_modules/@vscode/vsce/vsce',
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--skip-license',
  // README images ship inside the VSIX (docs/images), so its relative links stay as they are.
  '--no-rewrite-relative-links',
  '--target',
  target,
  '--out',
  vsix,
]);
const bytes = statSync(vsix).size;
console.log(`${vsix} (${target}): ${(bytes / 1024).toFixed(1)} KiB`);
