// Hostile image folders (issue 12, items 2 and 3): a tiny PNG or JPEG whose header claims a huge
// image, more images than the memory budget holds, class folders and images that are links out of
// the data folder, pipes under an image's name, and files that are not images. Each is refused or
// skipped before anything large is decoded, and no error shows what a non-image file holds.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { FinetuneError } from '../../../lib/finetune/errors';
import { decodeImage, imageDimensions } from '../../../lib/finetune/data/imageDecode';
import { loadImageFolderDataset, scanImageFolder } from '../../../lib/finetune/data/imageFolderSource';
import { jpegBytes, pngBytes, tempDir, writeFile } from './fixtures';

const dir = tempDir('hostile-images');
const gray = () => [128, 128, 128, 255];

function problem(fn: () => unknown): FinetuneError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FinetuneError, `expected a FinetuneError, got ${error}`);
    return error;
  }
  assert.fail('expected an error');
}

/** A valid 2×2 PNG whose IHDR then claims width × height (with a correct CRC, so only the size is a lie). */
function pngClaiming(width: number, height: number): Buffer {
  const png = Buffer.from(pngBytes(2, 2, gray));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A valid 8×8 JPEG whose start-of-frame then claims width × height. */
function jpegClaiming(width: number, height: number): Buffer {
  const jpeg = Buffer.from(jpegBytes(8, 8, gray));
  for (let at = 2; at < jpeg.length; at += 2 + jpeg.readUInt16BE(at + 2)) {
    if (jpeg[at + 1] === 0xc0) {
      jpeg.writeUInt16BE(height, at + 5);
      jpeg.writeUInt16BE(width, at + 7);
      return jpeg;
    }
  }
  throw new Error('no SOF0 in the test JPEG');
}

test('a 2×2 PNG that claims 60000×60000 pixels is refused from its header with the numbers', () => {
  const bytes = pngClaiming(60000, 60000);
  assert.ok(bytes.length < 200);
  assert.deepEqual(imageDimensions(bytes, 'png'), { width: 60000, height: 60000 });
  const rss = process.memoryUsage().rss;
  const error = problem(() => decodeImage(bytes, 'bomb.png'));
  assert.match(error.message, /^bomb\.png: the image declares 60000×60000 pixels, which take about 86\.4 GB to decode, more than the memory budget of 256 MiB \(TLNB_MEMORY_BUDGET_MB\) allows \(11,184,810 pixels\); nothing was decoded/);
  assert.ok(process.memoryUsage().rss - rss < 64 * 1024 ** 2);
});

test('a JPEG that claims 65535×65535 pixels is refused from its start-of-frame marker', () => {
  const bytes = jpegClaiming(65535, 65535);
  assert.deepEqual(imageDimensions(bytes, 'jpeg'), { width: 65535, height: 65535 });
  assert.match(problem(() => decodeImage(bytes, 'bomb.jpg')).message, /^bomb\.jpg: the image declares 65535×65535 pixels/);
  // An honest image within the budget still decodes.
  assert.equal(decodeImage(jpegBytes(8, 8, gray), 'ok.jpg').width, 8);
});

test('a folder of images that would take more than the budget as floats is refused before decoding', () => {
  const root = join(dir, 'many');
  for (const name of ['a', 'b']) for (let i = 0; i < 3; i++) writeFile(join(root, name, `${i}.png`), pngBytes(2, 2, gray));
  process.env.TLNB_MEMORY_BUDGET_MB = '1';
  try {
    const error = problem(() => loadImageFolderDataset(root, { inputShape: [300, 300, 3] }));
    assert.match(error.message, /6 images at the model's input size 300×300×3 take 6\.5 MB as floats, more than the memory budget of 1 MiB/);
  } finally {
    delete process.env.TLNB_MEMORY_BUDGET_MB;
  }
});

test('a class folder that links out of the data folder is refused, not listed', () => {
  const root = join(dir, 'linked-class');
  writeFile(join(root, 'cat', '1.png'), pngBytes(2, 2, gray));
  symlinkSync('/etc', join(root, 'etc'));
  const error = problem(() => scanImageFolder(root));
  assert.equal(error.problem, 'image-folder');
  assert.match(error.message, /"etc" is a link to \/etc, outside the data folder; tlnb does not follow links out of the folder it is given, and read nothing/);
});

test('an image that links to a file outside the data folder is refused without reading it, and its contents are never shown', () => {
  const root = join(dir, 'linked-image');
  const secret = writeFile(join(dir, 'secret.txt'), 'root:x:0:0:the secret:/root:/bin/bash\n');
  writeFile(join(root, 'cat', '1.png'), pngBytes(2, 2, gray));
  writeFile(join(root, 'dog', '1.png'), pngBytes(2, 2, gray));
  symlinkSync(secret, join(root, 'dog', '2.png'));
  const error = problem(() => loadImageFolderDataset(root, { inputShape: [2, 2, 1] }));
  assert.match(error.message, /"dog\/2\.png" is a link to .*secret\.txt, outside the data folder/);
  assert.doesNotMatch(error.message, /root:|72 6f 6f 74|secret:/);
});

test('a file that is not an image is refused without showing its bytes', () => {
  const root = join(dir, 'not-image');
  writeFile(join(root, 'cat', '1.png'), pngBytes(2, 2, gray));
  writeFile(join(root, 'dog', '1.png'), 'root:x:0:0:private\n');
  const error = problem(() => loadImageFolderDataset(root, { inputShape: [2, 2, 1] }));
  assert.match(error.message, /dog\/1\.png: not a PNG or JPEG image: it does not start with the signature of either/);
  assert.doesNotMatch(error.message, /72 6f 6f 74|root/);
});

test('links that stay inside the data folder are followed; pipes and devices named .png are skipped, never opened', () => {
  const root = join(dir, 'inner');
  writeFile(join(root, 'all', 'a.png'), pngBytes(2, 2, gray));
  writeFile(join(root, 'all', 'b.png'), pngBytes(2, 2, () => [0, 0, 0, 255]));
  mkdirSync(join(root, 'dark'));
  symlinkSync(join(root, 'all', 'b.png'), join(root, 'dark', 'b.png'));
  symlinkSync('all', join(root, 'light'));
  execFileSync('mkfifo', [join(root, 'all', 'pipe.png')]);
  const files = ['a.png', 'b.png'].map((f) => join(root, 'all', f));
  const before = files.map((f) => readFileSync(f));
  const data = loadImageFolderDataset(root, { inputShape: [2, 2, 1] });
  assert.deepEqual(data.classNames, ['all', 'dark', 'light']);
  assert.equal(data.classIds.length, 5);
  assert.match(data.notes.join('\n'), /skipped 2 entries .*all\/pipe\.png, light\/pipe\.png/);
  assert.deepEqual(files.map((f) => readFileSync(f)), before);
  data.xs.dispose();
});
