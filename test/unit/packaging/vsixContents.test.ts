// The VSIX holds what the installed extension runs, nothing else: no sources, tests,
// node_modules or source maps. `vsce ls` lists exactly the files `vsce package` would take.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = join(import.meta.dirname, '../../..');

test('the VSIX takes only runtime files', () => {
  const listing = execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], {
    cwd: repo,
    encoding: 'utf8',
  });
  const files = listing.split('\n').filter((line) => line.trim() !== '');
  assert.ok(files.includes('package.json') && files.includes('dist/extension.js'), `runtime files present: ${files.join(', ')}`);
  const unwanted = files.filter(
    (f) => /\.(ts|map|mts)$/.test(f) || /^(test|node_modules|extension|kernel|renderer|common|scripts|\.ci|\.vscode)\//.test(f),
  );
  assert.deepEqual(unwanted, []);
});
