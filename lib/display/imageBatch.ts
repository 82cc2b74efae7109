// Image tensors as an image-grid output (MIME.images) with a text fallback. The pixels and labels
// are converted by imageGrid.ts; this file decides what counts as an image batch and also takes a
// single image ([h, w, c] or [h, w]) as a batch of one.

import type { Tensor } from '@tensorflow/tfjs';
import { MIME } from '../../common/outputs';
import { imageGridPayload, type ImageGridOptions } from './imageGrid';
import type { MimeBundle } from './mimeBundle';

export type ImageOptions = ImageGridOptions;

/** True for tensors that look like a batch of images: [n, h, w, 1|3] with h, w >= 8. */
export function looksLikeImageBatch(tensor: Tensor): boolean {
  const [n, h, w, c] = tensor.shape;
  return tensor.rank === 4 && n! > 0 && h! >= 8 && w! >= 8 && (c === 1 || c === 3) && tensor.dtype !== 'string';
}

export function imageGridBundle(tensor: Tensor, options: ImageOptions = {}): MimeBundle {
  const batch = asBatch(tensor);
  try {
    const payload = imageGridPayload(batch, options);
    const [n, h, w] = batch.shape;
    const c = payload.channels;
    const shown = payload.images.length < n! ? ` (first ${payload.images.length} shown)` : '';
    return {
      [MIME.images]: payload,
      'text/plain': `${n} image${n === 1 ? '' : 's'} ${h}×${w}×${c}${shown}${options.title ? ` — ${options.title}` : ''}`,
    };
  } finally {
    if (batch !== tensor) batch.dispose();
  }
}

/** A single image ([h, w, 1|3], or [h, w] grayscale) becomes a batch of one. */
function asBatch(tensor: Tensor): Tensor {
  const shape = tensor.shape;
  if (shape.length === 2) return tensor.reshape([1, shape[0]!, shape[1]!]);
  if (shape.length === 3 && (shape[2] === 1 || shape[2] === 3) && shape[0]! > 4) return tensor.reshape([1, ...shape]);
  return tensor;
}
