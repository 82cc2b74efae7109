// The whole test suite, the README's test command:
//   npm test              type-check, lint, build and package, then every test (unit, browser, VS Code)
//   npm run test:unit     build, then only the tests that need no VS Code and no browser
//   npm run test:vscode   only the tests in a real VS Code (build and package first)
//   npm run test:samples  only the sample notebooks, each run with `tlnb run`
//   npm run test:gpu      only the webgpu rung's tests (on SwiftShader without a GPU; docs/backends.md)
// Extra arguments after `--` are passed to node's test runner (e.g. --test-name-pattern=...).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [mode = 'all', ...runnerArgs] = process.argv.slice(2);
const groups = {
  unit: ['test/unit'],
  browser: ['test/browser'],
  vscode: ['test/vscode'],
  // every sample notebook run headless with `tlnb run` (minutes: npm run test:samples alone)
  samples: ['test/samples'],
  // the webgpu rung on SwiftShader (the machine's GPU under TLNB_GPU_CHECK=real): parity against cpu,
  // every sample on webgpu (the slow chapters with less data: TLNB_SAMPLE_SCALE,
  // test/gpu/webgpuSamples.test.ts), real tfjs code, fine-tune
  gpu: ['test/gpu'],
};
const selected = mode === 'all' ? ['unit', 'browser', 'vscode', 'samples', 'gpu'].flatMap((g) => groups[g]) : groups[mode];
if (!selected) {
  console.error(`unknown test group "${mode}"; use one of: ${Object.keys(groups).join(', ')}`);
  process.exit(2);
}

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return /\.test\.ts$/.test(name) ? [path] : [];
  });
}

if (mode === 'all') {
  run('npm', ['run', 'typecheck']);
  run('npm', ['run', 'lint']); // ESLint, type-aware; no errors and no warnings allowed
}
if (mode === 'all' || mode === 'vscode') {
  run('npm', ['run', 'package']); // builds dist/ too
  run(process.execPath, ['scripts/build-host-tests.mjs']);
} else {
  run('npm', ['run', 'build']);
}

const files = selected.flatMap(testFiles).sort();
if (files.length === 0) {
  console.error(`no test files under ${selected.join(', ')}`);
  process.exit(1);
}
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...runnerArgs, ...files]);
