// The VSIX holds what the installed extension runs, nothing else: no sources, tests,
// node_modules or source maps. `vsce ls` lists exactly the files `vsce package` would take.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = join(import.meta.dirname, '../../..');

function vsixFiles(): string[] {
  const listing = execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], {
    cwd: repo,
    encoding: 'utf8',
  });
  return listing.split('\n').filter((line) => line.trim() !== '');
}

test('the VSIX takes only runtime files', () => {
  const files = vsixFiles();
  assert.ok(files.includes('package.json') && files.includes('dist/extension.js'), `runtime files present: ${files.join(', ')}`);
  assert.ok(files.includes('dist/finetunePanel.js'), 'the fine-tune panel\'s webview script ships');
  const unwanted = files.filter(
    (f) => /\.(ts|map|mts)$/.test(f) || /^(test|node_modules|extension|kernel|renderer|common|scripts|\.ci|\.vscode)\//.test(f),
  );
  assert.deepEqual(unwanted, []);
});

test('the VSIX carries the compressed datasets the samples read, since it has no node_modules', () => {
  const files = vsixFiles();
  const expected = [
    'dist/data/manifest.json',
    'dist/data/mnist/train-images-idx3-ubyte.gz',
    'dist/data/mnist/train-labels-idx1-ubyte.gz',
    'dist/data/mnist/t10k-images-idx3-ubyte.gz',
    'dist/data/mnist/t10k-labels-idx1-ubyte.gz',
    'dist/data/spam-assassin/emails.ndjson.gz',
  ];
  const missing = expected.filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], 'missing from the VSIX: is dist/ built (npm run build), and does .vscodeignore let dist/data/ in?');
});

test('the VSIX carries the notebook IntelliSense: its bundle (TypeScript inside) and the declaration files cells import', () => {
  const files = vsixFiles();
  const missing = ['dist/intellisense.js', 'dist/intellisense-types.json'].filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], 'missing from the VSIX: is dist/ built (npm run build), and does .vscodeignore let dist/intellisense-types.json in?');
});
