// The fine-tune's sample data set: chapter 6's thick-pen digits written as a folder of PNG images,
// one sub-folder per digit, that the image-folder source reads back; never written into an
// existing folder.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMnist } from '../../../lib/data/mnist';
import { decodeImage } from '../../../lib/finetune/data/imageDecode';
import { scanImageFolder } from '../../../lib/finetune/data/imageFolderSource';
import { SAMPLE_DIGITS_FOLDER, freeSampleFolder, thickPen, writeSampleDigits } from '../../../lib/finetune/data/sampleDigits';
import { tempDir } from './fixtures';

test('the thick pen makes each pixel the brightest of its 3×3 neighbourhood, as tf.maxPool(3, 1, "same")', () => {
  const image = new Uint8Array(25);
  image[12] = 200; // the centre of a 5×5 image
  image[0] = 50; // a corner: its neighbourhood is cut off by the border
  const thick = thickPen(image, 5, 5);
  assert.deepEqual(Array.from(thick), [
    50, 50, 0, 0, 0,
    50, 200, 200, 200, 0,
    0, 200, 200, 200, 0,
    0, 200, 200, 200, 0,
    0, 0, 0, 0, 0,
  ]);
});

test('500 thick-pen digits are written as 28×28 PNGs in ten digit folders, the images of chapter 6\'s new data', async () => {
  const folder = join(tempDir('sample-digits'), SAMPLE_DIGITS_FOLDER);
  const written = await writeSampleDigits(folder);
  assert.equal(written.images, 500);
  assert.deepEqual(readdirSync(folder).sort(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const files = readdirSync(folder).flatMap((digit) => readdirSync(join(folder, digit)).map((name) => join(folder, digit, name)));
  assert.equal(files.length, 500);
  assert.deepEqual(Object.values(written.perClass).reduce((a, b) => a + b, 0), 500);
  // The first image after the 12,000 chapter 6 pretrains on, thickened: more ink than the original, and the same digit.
  const original = readMnist({ split: 'train', skip: 12000, count: 1 });
  const file = join(folder, String(original.labels[0]), `mnist-train-${original.indices[0]}.png`);
  const image = decodeImage(readFileSync(file), file);
  assert.deepEqual([image.width, image.height], [28, 28]);
  const grey = Array.from({ length: 784 }, (_, p) => image.data[p * 4]!);
  const expected = Array.from(thickPen(Uint8Array.from(original.images.subarray(0, 784), (v) => Math.round(v * 255))));
  assert.deepEqual(grey, expected);
  const ink = (values: ArrayLike<number>) => Array.from(values).filter((v) => v > 127).length;
  assert.ok(ink(grey) > ink(Array.from(original.images.subarray(0, 784), (v) => v * 255)) * 1.3, 'the pen is thicker');
  // The fine-tune's own reader takes the folder as ten classes.
  const scanned = scanImageFolder(folder);
  assert.deepEqual(scanned.classes.map((c) => c.name), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
});

test('an existing folder is refused and left as it was; the next free name is -2, -3…', async () => {
  const parent = tempDir('sample-digits-existing');
  const mine = join(parent, SAMPLE_DIGITS_FOLDER);
  mkdirSync(mine);
  writeFileSync(join(mine, 'notes.txt'), 'mine');
  await assert.rejects(writeSampleDigits(mine), /already exists; the sample data are only written into a new folder, so nothing of yours is overwritten/);
  assert.deepEqual(readdirSync(mine), ['notes.txt']);
  assert.equal(freeSampleFolder(parent), join(parent, `${SAMPLE_DIGITS_FOLDER}-2`));
  assert.equal(freeSampleFolder(join(parent, 'elsewhere')), join(parent, 'elsewhere', SAMPLE_DIGITS_FOLDER));
  assert.equal(existsSync(join(parent, `${SAMPLE_DIGITS_FOLDER}-2`)), false);
});
