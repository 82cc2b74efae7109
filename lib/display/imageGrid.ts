// Turns a batch of images (a tfjs tensor) into the `images` output payload: uint8 pixels in
// base64 with optional labels and predictions, which the renderer marks right or wrong.

import type * as tf from '@tensorflow/tfjs';
import type { ImageGridPayload } from '../../common/outputs';
import { classLabels, type ClassIndices } from './classIndices';

export interface ImageGridOptions {
  /** True classes: indices (number[], 1-D int tensor), one-hot or probability rows (2-D tensor), or names. */
  labels?: ClassIndices | string[];
  /** Predicted classes, in the same forms as `labels` (a model's softmax output works as is). */
  predictions?: ClassIndices | string[];
  /** Names for class indices, e.g. ['T-shirt', 'Trouser', ...]; indices are shown without it. */
  classNames?: string[];
  title?: string;
  /** At most this many images are sent (default 100): a notebook output is not a data set viewer. */
  limit?: number;
}

/**
 * `images` is [N, H, W] or [N, H, W, 1] (grayscale) or [N, H, W, 3] (RGB), with values in 0..1
 * (floats) or 0..255; the range is read from the data.
 */
export function imageGridPayload(images: tf.Tensor, opts: ImageGridOptions = {}): ImageGridPayload {
  const [count, height, width, channels] = imageDims(images.shape);
  const limit = Math.max(1, Math.floor(opts.limit ?? 100));
  const shown = Math.min(count, limit);
  const values = images.dataSync();
  const perImage = height * width * channels;
  const scale = maxOf(values, shown * perImage) <= 1 ? 255 : 1;
  const labels = opts.labels === undefined ? undefined : classLabels(opts.labels, count, 'labels', opts.classNames);
  const predictions =
    opts.predictions === undefined ? undefined : classLabels(opts.predictions, count, 'predictions', opts.classNames);

  const out: ImageGridPayload['images'] = [];
  for (let i = 0; i < shown; i++) {
    const bytes = new Uint8Array(perImage);
    for (let j = 0; j < perImage; j++) {
      const v = Math.round(values[i * perImage + j]! * scale);
      bytes[j] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    out.push({
      pixels: Buffer.from(bytes).toString('base64'),
      ...(labels ? { label: labels[i] } : {}),
      ...(predictions ? { prediction: predictions[i] } : {}),
    });
  }
  return {
    version: 1,
    width,
    height,
    channels,
    images: out,
    ...(opts.title ? { title: opts.title } : {}),
    ...(shown < count ? { total: count } : {}),
  };
}

function imageDims(shape: number[]): [number, number, number, 1 | 3] {
  const [n, h, w, c] = shape;
  if (shape.length === 3) return [n!, h!, w!, 1];
  if (shape.length === 4 && (c === 1 || c === 3)) return [n!, h!, w!, c];
  throw new Error(
    `imageGrid expects images shaped [N, H, W], [N, H, W, 1] or [N, H, W, 3]; got [${shape.join(', ')}]. ` +
      'Reshape a flat batch first, e.g. x.reshape([-1, 28, 28, 1]) for 784-pixel MNIST rows.',
  );
}

function maxOf(values: ArrayLike<number>, length: number): number {
  let max = -Infinity;
  for (let i = 0; i < length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}
