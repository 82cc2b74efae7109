// `tlnb export` and `tlnb import` through the built CLI (bin/tlnb.js): files land beside the
// input, nothing is ever overwritten unasked, and refusals say why and write nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI_PATH, ensureBuilt, ROOT, tempDir } from '../kernel/kernelHarness';

function tlnb(...args: string[]) {
  ensureBuilt();
  return spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', timeout: 120_000 });
}

const SAMPLE = '01-neurons-and-layers.tlnb';

test('export --to ipynb writes beside the notebook, refuses to overwrite without --force, and imports back to the same file', () => {
  const dir = tempDir();
  const nb = join(dir, SAMPLE);
  copyFileSync(join(ROOT, 'samples', SAMPLE), nb);
  const first = tlnb('export', nb, '--to', 'ipynb');
  assert.equal(first.status, 0, first.stderr);
  const ipynb = join(dir, '01-neurons-and-layers.ipynb');
  assert.match(first.stdout, new RegExp(`wrote ${ipynb}`));
  const written = readFileSync(ipynb, 'utf8');
  assert.equal((JSON.parse(written) as { nbformat_minor: number }).nbformat_minor, 5);

  writeFileSync(ipynb, 'mine');
  const again = tlnb('export', nb, '--to', 'ipynb');
  assert.equal(again.status, 2);
  assert.match(again.stderr, /01-neurons-and-layers\.ipynb exists; pass --force to overwrite it, or --out to write elsewhere\. Nothing was written\./);
  assert.equal(readFileSync(ipynb, 'utf8'), 'mine');
  assert.equal(tlnb('export', nb, '--to', 'ipynb', '--force').status, 0);
  assert.equal(readFileSync(ipynb, 'utf8'), written);

  const refused = tlnb('import', ipynb);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /01-neurons-and-layers\.tlnb exists; tlnb import never overwrites\. Pass --out with a new name/);
  const back = join(dir, 'back.tlnb');
  const imported = tlnb('import', ipynb, '--out', back);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(readFileSync(back, 'utf8'), readFileSync(join(ROOT, 'samples', SAMPLE), 'utf8'));
});

test('export --to html writes one self-contained page', () => {
  const dir = tempDir();
  const nb = join(dir, SAMPLE);
  copyFileSync(join(ROOT, 'samples', SAMPLE), nb);
  const result = tlnb('export', nb, '--to', 'html', '--out', join(dir, 'page.html'));
  assert.equal(result.status, 0, result.stderr);
  const html = readFileSync(join(dir, 'page.html'), 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/, 'nothing is loaded from elsewhere');
  assert.equal(html.match(/<\/script>/g)?.length, 2, 'the data and the page script, neither closed early');
});

test('import refuses a Python notebook and bad arguments, writing nothing', () => {
  const dir = tempDir();
  const py = join(dir, 'analysis.ipynb');
  writeFileSync(py, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }, cells: [] }));
  const result = tlnb('import', py);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /analysis\.ipynb is a python notebook \(kernel "Python 3"\)\. tlnb imports TypeScript and JavaScript notebooks only/);
  assert.deepEqual(readdirSync(dir), ['analysis.ipynb']);
  const noTo = tlnb('export', py);
  assert.equal(noTo.status, 2);
  assert.match(noTo.stderr, /--to ipynb or --to html is required/);
});
