// The compressed datasets the build writes into dist/data/ (the VSIX has no node_modules) hold
// exactly what the npm packages hold: the loaders pointed at them return the same images, labels
// and e-mails. The writer keeps up-to-date files and rewrites missing ones.
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeBundledData } from '../../../lib/data/bundledData';
import { readIdxFile } from '../../../lib/data/idx';
import { MNIST_FILES, mnistDataDir, mnistFilePath, readMnist } from '../../../lib/data/mnist';
import { decodeCompactEmails, encodeCompactEmails, loadSpamAssassin, spamAssassinDataDir } from '../../../lib/data/spamAssassin';
import { ensureBuilt, ROOT, tempDir } from '../kernel/kernelHarness';

ensureBuilt();
const bundled = join(ROOT, 'dist', 'data');
const bundledMnist = join(bundled, 'mnist');
const bundledSpam = join(bundled, 'spam-assassin');

test('each bundled MNIST .gz file decodes to the same IDX array as the package file', () => {
  for (const name of Object.values(MNIST_FILES).flatMap((f) => [f.images, f.labels])) {
    const fromPackage = readIdxFile(join(mnistDataDir(), name));
    const fromBundle = readIdxFile(join(bundledMnist, `${name}.gz`));
    assert.equal(fromBundle.type, fromPackage.type, name);
    assert.deepEqual(fromBundle.dims, fromPackage.dims, name);
    assert.ok(Buffer.from(fromBundle.data.buffer, fromBundle.data.byteOffset, fromBundle.data.byteLength).equals(
      Buffer.from(fromPackage.data.buffer, fromPackage.data.byteOffset, fromPackage.data.byteLength),
    ), `${name}: values differ`);
  }
});

test('readMnist pointed at dist/data/mnist gives the same images, labels and positions as the package', () => {
  const asks = [
    { split: 'test' as const },
    { split: 'train' as const, digits: [5, 6, 7, 8, 9], skip: 1000, count: 3000 },
  ];
  for (const ask of asks) {
    const fromPackage = readMnist(ask);
    const fromBundle = readMnist({ ...ask, dir: bundledMnist });
    assert.equal(fromBundle.count, fromPackage.count);
    assert.deepEqual(fromBundle.labels, fromPackage.labels);
    assert.deepEqual(fromBundle.indices, fromPackage.indices);
    assert.ok(Buffer.from(fromBundle.images.buffer).equals(Buffer.from(fromPackage.images.buffer)), `images differ for ${JSON.stringify(ask)}`);
  }
});

test('loadSpamAssassin pointed at dist/data/spam-assassin gives the same e-mails as the package, in the order asked', () => {
  assert.deepEqual(loadSpamAssassin({ dir: bundledSpam }), loadSpamAssassin({ dir: spamAssassinDataDir() }));
  const groups = ['spam-2', 'hard-ham-1'] as const;
  assert.deepEqual(loadSpamAssassin({ dir: bundledSpam, groups }), loadSpamAssassin({ groups }));
});

test('a loaded e-mail changed by a notebook does not change the next load', () => {
  const first = loadSpamAssassin({ dir: bundledSpam, groups: ['hard-ham-1'] });
  first[0]!.body = 'changed';
  assert.notEqual(loadSpamAssassin({ dir: bundledSpam, groups: ['hard-ham-1'] })[0]!.body, 'changed');
});

test('the compact e-mail format round-trips and names the file and line it cannot read', () => {
  const emails = loadSpamAssassin({ groups: ['spam-1'] }).slice(0, 3);
  assert.deepEqual(decodeCompactEmails(encodeCompactEmails(emails), 'x'), emails);
  assert.throws(() => decodeCompactEmails('{"group":"spam-1","id":"1","subject":"","body":""}\n{oops\n', 'emails.ndjson'), /emails\.ndjson: line 2 is not JSON/);
  assert.throws(() => decodeCompactEmails('{"group":"ham","id":"1","subject":"","body":""}\n', 'emails.ndjson'), /emails\.ndjson: line 1 is not an e-mail record; expected \{ group: one of easy-ham-1/);
});

test('a folder with neither form of a dataset is refused with what was expected there', () => {
  const empty = tempDir();
  assert.throws(() => mnistFilePath(empty, MNIST_FILES.test.images), /t10k-images-idx3-ubyte: no such file \(nor t10k-images-idx3-ubyte\.gz\)/);
  assert.throws(() => readMnist({ split: 'test', dir: empty }), /no such file/);
  assert.throws(() => loadSpamAssassin({ dir: empty }), /holds neither file_list\.json .* nor emails\.ndjson\.gz/);
});

test('the writer keeps up-to-date files and writes a missing one again', () => {
  const out = tempDir();
  const first = writeBundledData(out);
  assert.equal(first.written, true);
  assert.deepEqual(Object.keys(first.files).sort(), [
    'mnist/t10k-images-idx3-ubyte.gz',
    'mnist/t10k-labels-idx1-ubyte.gz',
    'mnist/train-images-idx3-ubyte.gz',
    'mnist/train-labels-idx1-ubyte.gz',
    'spam-assassin/emails.ndjson.gz',
  ]);
  assert.equal(writeBundledData(out).written, false);
  rmSync(join(out, 'mnist', 't10k-labels-idx1-ubyte.gz'));
  writeFileSync(join(out, 'spam-assassin', 'emails.ndjson.gz'), 'truncated');
  assert.equal(writeBundledData(out).written, true);
  assert.ok(existsSync(join(out, 'mnist', 't10k-labels-idx1-ubyte.gz')));
  assert.equal(loadSpamAssassin({ dir: join(out, 'spam-assassin'), groups: ['hard-ham-1'] }).length, 250);
});
