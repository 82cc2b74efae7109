// Matching data to a model's input: which image size a model wants, and whether examples of one
// shape can feed a model of another. Pure.

import type { ImageLayout } from '../data/dataset';
import { FinetuneError } from '../errors';

const show = (shape: ReadonlyArray<number | null>) => `[${shape.map((d) => (d === null ? 'batch' : d)).join(', ')}]`;
const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The image size and colour a model takes, from its input shape without the batch dimension:
 * [h, w, 1|3], [h, w] (grayscale), or a flat [n] with n = s² (grayscale) or 3·s² (RGB).
 */
export function imageLayoutForInput(inputShape: ReadonlyArray<number | null>, modelFile?: string): ImageLayout {
  const dims = inputShape;
  const fixed = dims.every((d): d is number => typeof d === 'number' && d > 0);
  if (fixed && dims.length === 3 && (dims[2] === 1 || dims[2] === 3)) return { height: dims[0]!, width: dims[1]!, channels: dims[2] };
  if (fixed && dims.length === 2) return { height: dims[0]!, width: dims[1]!, channels: 1 };
  if (fixed && dims.length === 1) {
    const n = dims[0]!;
    const gray = Math.round(Math.sqrt(n));
    if (gray * gray === n) return { height: gray, width: gray, channels: 1 };
    const rgb = Math.round(Math.sqrt(n / 3));
    if (3 * rgb * rgb === n) return { height: rgb, width: rgb, channels: 3 };
  }
  throw new FinetuneError(
    'input-shape',
    `the model's input shape ${show(dims)} is not an image shape, so a folder of images cannot feed it (image models take [height, width, 1 or 3], or a flat square such as [784] for 28×28 grayscale)`,
    'pick a model that takes images, or give the data as a CSV of numeric features',
    modelFile,
  );
}

/**
 * How examples of `featureShape` feed a model taking `inputShape` (both without the batch
 * dimension): unchanged, or reshaped when they hold the same number of values (28×28 images into
 * a model that takes [784]). Anything else is an error that names both shapes.
 */
export function inputFit(featureShape: readonly number[], inputShape: ReadonlyArray<number | null>, dataName: string, modelFile?: string): 'same' | 'reshape' {
  const same = featureShape.length === inputShape.length && featureShape.every((d, i) => inputShape[i] === null || inputShape[i] === d);
  if (same) return 'same';
  const fixed = inputShape.every((d): d is number => d !== null) ? inputShape : undefined;
  if (fixed && product(featureShape) === product(fixed)) return 'reshape';
  const given = product(featureShape);
  const wanted = fixed ? product(fixed) : undefined;
  throw new FinetuneError(
    'input-shape',
    `the model takes examples of shape ${show(inputShape)}${wanted !== undefined ? ` (${wanted} values)` : ''}, but ${dataName} has examples of shape ${show(featureShape)} (${given} values)`,
    featureShape.length === 1
      ? `give data with ${wanted ?? 'as many'} feature columns, or pick a model whose input takes ${featureShape[0]} values`
      : 'give data of the model\'s input size (a folder of images is resized to it automatically), or pick a model made for this data',
    modelFile,
  );
}
