// Real files for the fine-tune tests, written at test time with the same libraries users' tools
// would produce them with (pngjs, jpeg-js, the IDX encoder), so no binary fixtures are committed.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { encodeIdx } from '../../../lib/data/idx';
import { fileModelIO } from '../../../lib/models/fileModelIO';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tlnb-finetune-${prefix}-`));
}

/** `pixel(x, y)` gives [r, g, b, a] in 0..255. */
export function pngBytes(width: number, height: number, pixel: (x: number, y: number) => number[]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(pixel(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(png);
}

export function jpegBytes(width: number, height: number, pixel: (x: number, y: number) => number[], quality = 95): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  }
  return encodeJpeg({ data, width, height }, quality).data;
}

export function writeFile(path: string, content: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** An IDX image/label pair named like MNIST's files. */
export function writeIdxPair(dir: string, images: Uint8Array, dims: number[], labels: ArrayLike<number>, prefix = 'train'): { images: string; labels: string } {
  const imagesPath = writeFile(join(dir, `${prefix}-images-idx3-ubyte`), encodeIdx({ type: 'uint8', dims, data: images }));
  const labelsPath = writeFile(join(dir, `${prefix}-labels-idx1-ubyte`), encodeIdx({ type: 'uint8', dims: [labels.length], data: Uint8Array.from(labels) }));
  return { images: imagesPath, labels: labelsPath };
}

/** A small classifier saved as model.json + weights.bin; returns its folder. */
export async function saveMlp(folder: string, inputShape: number[], hidden: number, classes: number): Promise<string> {
  const model = tf.sequential({ name: 'base' });
  if (inputShape.length > 1) model.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
  model.add(tf.layers.dense({ units: hidden, activation: 'relu', name: 'hidden', ...(inputShape.length > 1 ? {} : { inputShape }) }));
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', name: 'output' }));
  await model.save(fileModelIO(folder));
  model.dispose();
  return folder;
}

/** sha256 of every file under a folder, by relative path: equal before and after means untouched. */
export function hashFolder(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(folder, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(folder);
  return out;
}

/**
 * A CSV of two well-separated numeric clusters per class ("a", "b", "c"), `perClass` rows each,
 * so that a tiny model learns it in a few epochs.
 */
export function clusterCsv(perClass: number, seed = 1): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const centres: Record<string, number[]> = { a: [1, 0, 0, 0], b: [0, 1, 0, 0], c: [0, 0, 1, 1] };
  const lines = ['f1,f2,f3,f4,label'];
  for (let i = 0; i < perClass; i++) {
    for (const [name, centre] of Object.entries(centres)) {
      lines.push([...centre.map((c) => (c + (random() - 0.5) * 0.6).toFixed(3)), name].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
