// An IDX image file with its IDX label file (MNIST's format), read with kernel/data's IDX decoder.

import { errorMessage } from '../../../common/guards';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { labelsFileNameFor } from '../../../common/finetuneSettings';
import { IdxError, readIdxFile, type IdxArray, type IdxHeader } from '../../data/idx';
import { RAISE_BUDGET, budgetText, formatBytes, memoryBudgetBytes } from '../../inputLimits';
import type { Dataset, ImageLayout, LoadOptions } from './dataset';
import { FinetuneError } from '../errors';
import { inputFit } from '../model/inputShape';
import { encodeLabels } from './labels';

const INTEGER_TYPES = new Set(['uint8', 'int8', 'int16', 'int32']);

export interface IdxPairArrays {
  features: Float32Array;
  featureShape: number[];
  image?: ImageLayout;
  labels: Int32Array;
}

/** Checks that the two files belong together and converts the images to floats (uint8 scaled to 0..1). Pure. */
export function idxPairArrays(images: IdxArray, labels: IdxArray, imagesPath: string, labelsPath: string): IdxPairArrays {
  const count = images.dims[0]!;
  if (images.dims.length < 2) {
    throw new FinetuneError('idx', `the images file has shape [${images.dims.join(', ')}]; expected [examples, …] with at least 2 dimensions`, 'pass the images file as --data and the labels file as --labels', imagesPath);
  }
  const labelRank1 = labels.dims.length === 1 || (labels.dims.length === 2 && labels.dims[1] === 1);
  if (!labelRank1) {
    throw new FinetuneError('idx', `the labels file has shape [${labels.dims.join(', ')}]; expected one label per example, shape [examples]`, 'pass the labels file (idx1) as --labels and the images file (idx3) as --data; are they swapped?', labelsPath);
  }
  if (!INTEGER_TYPES.has(labels.type)) {
    throw new FinetuneError('label-range', `the labels are ${labels.type} values, but class labels must be whole numbers`, 'write the labels as a uint8 or int32 IDX file', labelsPath);
  }
  if (labels.dims[0] !== count) {
    throw new FinetuneError(
      'idx',
      `the labels file holds ${labels.dims[0]} labels but the images file ${imagesPath} holds ${count} images`,
      'use the labels file that belongs to these images (for example train-labels with train-images, t10k-labels with t10k-images)',
      labelsPath,
    );
  }
  const featureShape = images.dims.slice(1);
  const scale = images.type === 'uint8' ? 1 / 255 : 1;
  const features = Float32Array.from(images.data, (v) => v * scale);
  return { features, featureShape, image: imageLayoutOf(featureShape), labels: Int32Array.from(labels.data) };
}

function imageLayoutOf(shape: number[]): ImageLayout | undefined {
  if (shape.length === 2) return { height: shape[0]!, width: shape[1]!, channels: 1 };
  if (shape.length === 3 && (shape[2] === 1 || shape[2] === 3)) return { height: shape[0]!, width: shape[1]!, channels: shape[2] };
  return undefined;
}

/** MNIST's naming: train-images-idx3-ubyte goes with train-labels-idx1-ubyte. Undefined when no such file exists. */
export function companionLabelsFile(imagesPath: string): string | undefined {
  const guess = labelsFileNameFor(basename(imagesPath));
  if (guess === undefined) return undefined;
  const path = join(dirname(imagesPath), guess);
  return existsSync(path) ? path : undefined;
}

function read(path: string, checkHeader: (header: IdxHeader) => void): IdxArray {
  try {
    return readIdxFile(path, { checkHeader });
  } catch (error) {
    if (error instanceof FinetuneError) throw error;
    const what = error instanceof IdxError ? error.message.slice(path.length + 2) : errorMessage(error);
    throw new FinetuneError('idx', what, 'pass a complete IDX file, plain or gzip-compressed (.gz)', path);
  }
}

/**
 * What the images file's header declares, checked before its values are read or decompressed:
 * at least one example, examples that fit the model's input, and floats within the memory budget.
 */
function checkImagesHeader(header: IdxHeader, path: string, options: LoadOptions & { modelFile?: string }): void {
  const [count, ...featureShape] = header.dims;
  if (featureShape.length === 0) {
    throw new FinetuneError('idx', `the images file has shape [${header.dims.join(', ')}]; expected [examples, …] with at least 2 dimensions`, 'pass the images file as --data and the labels file as --labels', path);
  }
  if (count === 0) {
    throw new FinetuneError('idx', `the images file holds no examples: its header declares dimensions [${header.dims.join(', ')}]`, 'pass an IDX images file with examples in it', path);
  }
  if (options.inputShape) inputFit(featureShape, options.inputShape, path, options.modelFile);
  const budget = memoryBudgetBytes();
  const floatBytes = header.dims.reduce((a, b) => a * b, 1) * 4;
  if (floatBytes > budget) {
    throw new FinetuneError(
      'idx',
      `the header declares ${count!.toLocaleString('en-US')} examples of [${featureShape.join(', ')}]: ${formatBytes(floatBytes)} as floats for training, more than ${budgetText(budget)}; nothing was decoded`,
      `train on fewer examples (a smaller IDX file), or ${RAISE_BUDGET}`,
      path,
    );
  }
}

export function loadIdxDataset(imagesPath: string, labelsPath: string, options: LoadOptions & { modelFile?: string } = {}): Dataset {
  let imageCount = 0;
  const images = read(imagesPath, (header) => {
    checkImagesHeader(header, imagesPath, options);
    imageCount = header.dims[0]!;
  });
  const labels = read(labelsPath, (header) => {
    if (header.dims[0] !== imageCount) {
      throw new FinetuneError(
        'idx',
        `the labels file holds ${header.dims[0]} labels but the images file ${imagesPath} holds ${imageCount} images`,
        'use the labels file that belongs to these images (for example train-labels with train-images, t10k-labels with t10k-images)',
        labelsPath,
      );
    }
  });
  const arrays = idxPairArrays(images, labels, imagesPath, labelsPath);
  const describeExample = (i: number) => `example ${i} (0-based) of ${basename(labelsPath)}`;
  const { classIds, classNames } = encodeLabels(arrays.labels, { classCount: options.classCount, describeExample, file: labelsPath });
  return {
    xs: tf.tensor(arrays.features, [arrays.labels.length, ...arrays.featureShape], 'float32'),
    classIds,
    classNames,
    featureShape: arrays.featureShape,
    ...(arrays.image ? { image: arrays.image } : {}),
    source: { format: 'idx', images: imagesPath, labels: labelsPath },
    description: `IDX images ${imagesPath} with labels ${labelsPath}: ${arrays.labels.length} examples of [${arrays.featureShape.join('×')}]`,
    describeExample,
    notes: [],
  };
}
