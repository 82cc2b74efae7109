import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FinetuneError } from '../../../lib/finetune/errors';
import { decodeImage, imageToInput } from '../../../lib/finetune/data/imageDecode';
import { loadImageFolderDataset } from '../../../lib/finetune/data/imageFolderSource';
import { imageLayoutForInput } from '../../../lib/finetune/model/inputShape';
import { loadDataset, resolveDataSource } from '../../../lib/finetune/data/loadDataset';
import { jpegBytes, pngBytes, tempDir, writeFile } from './fixtures';

const dir = tempDir('images');
const white = () => [255, 255, 255, 255];
const black = () => [0, 0, 0, 255];

function problem(fn: () => unknown): FinetuneError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FinetuneError, `expected a FinetuneError, got ${error}`);
    return error;
  }
  assert.fail('expected an error');
}

test('PNG and JPEG files in class folders load, resized and turned gray for the model', () => {
  const root = join(dir, 'shapes');
  // "bright": left half white; "dark": all black; sizes differ from the model's 8×8 on purpose.
  writeFile(join(root, 'bright', '1.png'), pngBytes(16, 16, (x) => (x < 8 ? white() : black())));
  writeFile(join(root, 'bright', '2.jpg'), jpegBytes(24, 24, (x) => (x < 12 ? white() : black())));
  writeFile(join(root, 'dark', '1.png'), pngBytes(8, 8, black));
  writeFile(join(root, 'dark', '2.jpeg'), jpegBytes(8, 8, black));
  writeFile(join(root, 'dark', 'notes.txt'), 'not an image');
  const source = resolveDataSource({ path: root });
  assert.deepEqual(source, { format: 'folder', path: root });
  const data = loadDataset(source, { inputShape: [8, 8, 1] });
  assert.deepEqual(data.xs.shape, [4, 8, 8, 1]);
  assert.deepEqual(data.classNames, ['bright', 'dark']);
  assert.deepEqual(Array.from(data.classIds), [0, 0, 1, 1]);
  assert.equal(data.describeExample(1), join('bright', '2.jpg'));
  assert.match(data.notes.join('\n'), /skipped 1 entry .*dark\/notes\.txt/);
  const pixels = data.xs.arraySync() as number[][][][];
  assert.ok(pixels[0]![3]![1]![0]! > 0.95 && pixels[0]![3]![6]![0]! < 0.05, 'the PNG keeps its white left half after resizing');
  assert.ok(pixels[1]![3]![1]![0]! > 0.9 && pixels[1]![3]![6]![0]! < 0.1, 'the JPEG keeps its white left half after resizing');
  assert.ok(Math.max(...(data.xs.slice([2], [2]).dataSync() as Float32Array)) < 0.05, 'dark images stay dark');
});

test('colour becomes gray by luminance, RGB models keep colour, and transparency lies over white', () => {
  const red = decodeImage(pngBytes(2, 2, () => [255, 0, 0, 255]), 'red.png');
  const gray = imageToInput(red, { height: 2, width: 2, channels: 1 }).dataSync();
  assert.ok(Math.abs(gray[0]! - 0.299) < 1e-5);
  const rgb = imageToInput(red, { height: 1, width: 1, channels: 3 }).dataSync();
  assert.deepEqual(Array.from(rgb).map((v) => Math.round(v * 100) / 100), [1, 0, 0]);
  const clear = decodeImage(pngBytes(2, 2, () => [0, 0, 0, 0]), 'clear.png');
  assert.ok(imageToInput(clear, { height: 2, width: 2, channels: 1 }).dataSync().every((v) => Math.abs(v - 1) < 1e-5));
});

test('the image size comes from the model input shape, flat square inputs included; other shapes are refused', () => {
  assert.deepEqual(imageLayoutForInput([28, 28, 1]), { height: 28, width: 28, channels: 1 });
  assert.deepEqual(imageLayoutForInput([784]), { height: 28, width: 28, channels: 1 });
  assert.deepEqual(imageLayoutForInput([3 * 32 * 32]), { height: 32, width: 32, channels: 3 });
  const error = problem(() => imageLayoutForInput([10], 'm/model.json'));
  assert.equal(error.problem, 'input-shape');
  assert.match(error.message, /^m\/model\.json: the model's input shape \[10\] is not an image shape/);
});

test('a corrupt or unreadable image is named, whatever its extension says', () => {
  const good = pngBytes(4, 4, white);
  const truncated = join(dir, 'corrupt', 'cat', 'broken.png');
  writeFile(truncated, good.subarray(0, good.length - 20));
  writeFile(join(dir, 'corrupt', 'dog', 'ok.png'), good);
  const error = problem(() => loadImageFolderDataset(join(dir, 'corrupt'), { inputShape: [4, 4, 1] }));
  assert.equal(error.problem, 'image-corrupt');
  assert.equal(error.file, truncated);
  assert.match(error.message, /corrupt or unreadable PNG image/);
  assert.match(error.message, /save it again as PNG or JPEG, or remove it/);

  const jpeg = jpegBytes(16, 16, white);
  const badJpeg = writeFile(join(dir, 'bad.jpg'), Buffer.concat([jpeg.subarray(0, 200), Buffer.alloc(50, 0x55)]));
  assert.equal(problem(() => decodeImage(readFileSync(badJpeg), badJpeg)).file, badJpeg);
  assert.match(problem(() => decodeImage(Buffer.from('GIF89a...'), 'x.png')).message, /^x\.png: not a PNG or JPEG image: it does not start with the signature of either\n/);
  assert.match(problem(() => decodeImage(new Uint8Array(0), 'empty.png')).message, /the file is empty/);
});

test('empty class folders are named; a folder without class folders or with one class is refused', () => {
  const root = join(dir, 'empty');
  writeFile(join(root, 'cat', '1.png'), pngBytes(2, 2, white));
  mkdirSync(join(root, 'dog'), { recursive: true });
  writeFile(join(root, 'bird', 'readme.txt'), 'no images here');
  const error = problem(() => loadImageFolderDataset(root, { inputShape: [2, 2, 1] }));
  assert.equal(error.problem, 'empty-class');
  assert.equal(error.file, root);
  assert.match(error.message, /2 class folders "bird", "dog" hold no PNG or JPEG images/);

  const flat = join(dir, 'flat');
  writeFile(join(flat, '1.png'), pngBytes(2, 2, white));
  assert.match(problem(() => loadImageFolderDataset(flat, { inputShape: [2, 2, 1] })).message, /no sub-folders, but a folder of images needs one sub-folder per class/);
  const single = join(dir, 'single');
  writeFile(join(single, 'only', '1.png'), pngBytes(2, 2, white));
  assert.match(problem(() => loadImageFolderDataset(single, { inputShape: [2, 2, 1] })).message, /only one class folder \("only"\)/);
});
