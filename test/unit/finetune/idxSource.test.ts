import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../../lib/data/idx';
import { FinetuneError } from '../../../lib/finetune/errors';
import { loadIdxDataset } from '../../../lib/finetune/data/idxSource';
import { loadDataset, resolveDataSource } from '../../../lib/finetune/data/loadDataset';
import { checkSplittable } from '../../../lib/finetune/data/split';
import { tempDir, writeFile, writeIdxPair } from './fixtures';

const dir = tempDir('idx');

async function problem(fn: () => unknown): Promise<FinetuneError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof FinetuneError, `expected a FinetuneError, got ${error}`);
    return error;
  }
  assert.fail('expected an error');
}

test('an IDX pair loads as 0..1 images with the labels found as classes, and the labels file is found beside the images', () => {
  const pixels = Uint8Array.from({ length: 4 * 2 * 3 }, (_, i) => i * 10);
  const files = writeIdxPair(join(dir, 'pair'), pixels, [4, 2, 3], [7, 5, 7, 5]);
  const source = resolveDataSource({ path: files.images });
  assert.deepEqual(source, { format: 'idx', images: files.images, labels: files.labels });
  const data = loadDataset(source);
  assert.deepEqual(data.xs.shape, [4, 2, 3]);
  assert.deepEqual(data.featureShape, [2, 3]);
  assert.deepEqual(data.image, { height: 2, width: 3, channels: 1 });
  assert.ok(Math.abs(data.xs.dataSync()[5]! - 50 / 255) < 1e-6);
  assert.deepEqual(data.classNames, ['5', '7']);
  assert.deepEqual(Array.from(data.classIds), [1, 0, 1, 0]);
});

test('images and labels of different counts are refused, naming both files', async () => {
  const files = writeIdxPair(join(dir, 'count'), new Uint8Array(3 * 4), [3, 2, 2], [1, 2]);
  const error = await problem(() => loadIdxDataset(files.images, files.labels));
  assert.equal(error.file, files.labels);
  assert.match(error.message, new RegExp(`the labels file holds 2 labels but the images file ${files.images} holds 3 images`));
});

test('swapped files, float labels and truncated files are refused with the file named', async () => {
  const files = writeIdxPair(join(dir, 'swap'), new Uint8Array(2 * 4), [2, 2, 2], [0, 1]);
  assert.match((await problem(() => loadIdxDataset(files.labels, files.images))).message, /images file has shape \[2\]|labels file has shape \[2, 2, 2\]/);
  const floats = writeFile(join(dir, 'float-labels'), encodeIdx({ type: 'float32', dims: [2], data: Float32Array.from([0.5, 1]) }));
  const floatError = await problem(() => loadIdxDataset(files.images, floats));
  assert.equal(floatError.problem, 'label-range');
  assert.match(floatError.message, /the labels are float32 values, but class labels must be whole numbers/);
  const truncated = writeFile(join(dir, 'truncated-images'), encodeIdx({ type: 'uint8', dims: [2, 2, 2], data: new Uint8Array(8) }).slice(0, 14));
  const truncatedError = await problem(() => loadIdxDataset(truncated, files.labels));
  assert.equal(truncatedError.file, truncated);
  assert.match(truncatedError.message, /truncated IDX file/);
});

test('an IDX images file without a labels file beside it asks for --labels', async () => {
  const images = writeFile(join(dir, 'alone', 'digits.idx3-ubyte'), encodeIdx({ type: 'uint8', dims: [1, 1, 1], data: new Uint8Array(1) }));
  const error = await problem(() => resolveDataSource({ path: images }));
  assert.match(error.message, /needs its labels file, and none was found beside it/);
  assert.match(error.message, /--labels/);
});

test('labels outside the class range are named; a label seen once is flagged before training', async () => {
  const files = writeIdxPair(join(dir, 'range'), new Uint8Array(5), [5, 1, 1], [0, 1, 2, 1, 200]);
  const error = await problem(() => loadIdxDataset(files.images, files.labels, { classCount: 10 }));
  assert.equal(error.problem, 'label-range');
  assert.match(error.message, /example 4 \(0-based\) of train-labels-idx1-ubyte has label 200, outside the class range 0\.\.9 \(10 classes\)/);
  const found = loadIdxDataset(files.images, files.labels);
  assert.deepEqual(found.classNames, ['0', '1', '2', '200']);
  const rare = await problem(() => checkSplittable(found, 0.2, files.labels));
  assert.equal(rare.problem, 'too-few-examples');
  assert.match(rare.message, /classes "0" \(only example 0 \(0-based\) of train-labels-idx1-ubyte\), "2" .*"200" \(only example 4/);
});

test('an IDX images file with 0 examples is a FinetuneError from its header, not an unexpected error; a .gz pair is detected', () => {
  const dir = tempDir('idx-empty');
  const files = writeIdxPair(dir, new Uint8Array(0), [0, 28, 28], [], 'empty');
  assert.throws(
    () => loadIdxDataset(files.images, files.labels, { inputShape: [784] }),
    (error: unknown) => error instanceof FinetuneError && error.problem === 'idx' && /the images file holds no examples: its header declares dimensions \[0, 28, 28\]/.test(error.message),
  );
  const gz = writeFile(join(dir, 'few-images-idx3-ubyte.gz'), gzipSync(encodeIdx({ type: 'uint8', dims: [1, 2, 2], data: new Uint8Array(4) })));
  writeFile(join(dir, 'few-labels-idx1-ubyte.gz'), gzipSync(encodeIdx({ type: 'uint8', dims: [1], data: new Uint8Array(1) })));
  assert.equal(resolveDataSource({ path: gz }).format, 'idx');
});
