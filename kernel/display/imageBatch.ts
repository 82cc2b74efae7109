// Image batches as an image-grid output (MIME.images). Accepts what image code holds: a tensor of
// shape [n, h, w, c], [n, h, w], [h, w, c] or [h, w] with c = 1 or 3, values in 0..1 or 0..255
// (other ranges are rescaled from the batch's min..max).

import type { Tensor } from '@tensorflow/tfjs';
import { MIME, type ImageGridPayload } from '../../common/outputs';
import type { MimeBundle } from './mimeBundle';

export interface ImageOptions {
  /** One label per image (the true class), shown under it. */
  labels?: Array<string | number>;
  /** One prediction per image, shown under it and marked when it differs from the label. */
  predictions?: Array<string | number>;
  title?: string;
  /** At most this many images are sent (default 64). */
  max?: number;
}

/** True for tensors that look like a batch of images: [n, h, w, 1|3] with h, w >= 8. */
export function looksLikeImageBatch(tensor: Tensor): boolean {
  const [n, h, w, c] = tensor.shape;
  return tensor.rank === 4 && n! > 0 && h! >= 8 && w! >= 8 && (c === 1 || c === 3) && tensor.dtype !== 'string';
}

export function imageGridBundle(tensor: Tensor, options: ImageOptions = {}): MimeBundle {
  const [n, h, w, c] = batchShape(tensor.shape);
  const count = Math.min(n, options.max ?? 64);
  const values = tensor.dataSync() as ArrayLike<number>;
  const per = h * w * c;
  const { offset, scale } = pixelScale(values, count * per);
  const images: ImageGridPayload['images'] = [];
  for (let i = 0; i < count; i++) {
    const pixels = new Uint8Array(per);
    for (let p = 0; p < per; p++) pixels[p] = Math.max(0, Math.min(255, Math.round((values[i * per + p]! - offset) * scale)));
    const image: ImageGridPayload['images'][number] = { pixels: Buffer.from(pixels).toString('base64') };
    const label = options.labels?.[i];
    const prediction = options.predictions?.[i];
    if (label !== undefined) image.label = String(label);
    if (prediction !== undefined) image.prediction = String(prediction);
    images.push(image);
  }
  const payload: ImageGridPayload = { version: 1, width: w, height: h, channels: c as 1 | 3, images };
  if (options.title !== undefined) payload.title = options.title;
  const shown = count < n ? ` (first ${count} shown)` : '';
  return {
    [MIME.images]: payload,
    'text/plain': `${n} image${n === 1 ? '' : 's'} ${h}×${w}×${c}${shown}${options.title ? ` — ${options.title}` : ''}`,
  };
}

function batchShape(shape: number[]): [number, number, number, number] {
  const [a, b, c, d] = shape;
  if (shape.length === 4 && (d === 1 || d === 3)) return [a!, b!, c!, d];
  if (shape.length === 3 && (c === 1 || c === 3)) return [1, a!, b!, c];
  if (shape.length === 3) return [a!, b!, c!, 1];
  if (shape.length === 2) return [1, a!, b!, 1];
  throw new Error(
    `display.images expects a tensor of shape [n, h, w, c], [n, h, w], [h, w, c] or [h, w] with c = 1 or 3, but got [${shape.join(', ')}]`,
  );
}

/** 0..1 data is scaled by 255, 0..255 kept, anything else stretched from min..max. */
function pixelScale(values: ArrayLike<number>, length: number): { offset: number; scale: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= 0 && max <= 1) return { offset: 0, scale: 255 };
  if (min >= 0 && max <= 255) return { offset: 0, scale: 1 };
  return { offset: min, scale: max > min ? 255 / (max - min) : 1 };
}
