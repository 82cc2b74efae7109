// PNG and JPEG decoding without native code, and conversion to a model's input size and colour.
// pngjs (pure JS, no dependencies, every PNG bit depth and interlacing) and jpeg-js (pure JS, no
// dependencies, memory limits against hostile files) keep the kernel installable everywhere, which
// sharp or canvas (native binaries fetched at install) would not.

import * as tf from '@tensorflow/tfjs';
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageLayout } from './dataset';
import { FinetuneError } from '../errors';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major RGBA. */
  data: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Decodes a PNG or JPEG (told apart by their first bytes, not the file name) to RGBA. */
export function decodeImage(bytes: Uint8Array, file: string): RgbaImage {
  const kind = imageKind(bytes);
  const fail = (what: string): never => {
    throw new FinetuneError('image-corrupt', what, 'open the image in an image viewer and save it again as PNG or JPEG, or remove it from the folder', file);
  };
  if (!kind) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return fail(`not a PNG or JPEG image (it starts with bytes ${head || 'nothing: the file is empty'})`);
  }
  try {
    if (kind === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    // Strict: a truncated JPEG would otherwise decode with a gray lower part and train on garbage.
    const image = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxMemoryUsageInMB: 256 });
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    return fail(`corrupt or unreadable ${kind === 'png' ? 'PNG' : 'JPEG'} image: ${(error as Error).message}`);
  }
}

/**
 * The image as [height, width, channels] floats in 0..1 for the model: transparency laid over
 * white, colour turned to gray by luminance (ITU-R 601 weights) when the model takes one channel,
 * and stretched to the model's size — first shrunk by whole factors with an average (so large
 * photos do not alias), then resized bilinearly.
 */
export function imageToInput(image: RgbaImage, layout: ImageLayout): tf.Tensor3D {
  return tf.tidy(() => {
    const rgba = tf.tensor3d(image.data, [image.height, image.width, 4], 'int32').toFloat();
    const alpha = rgba.slice([0, 0, 3], [-1, -1, 1]).div(255);
    let pixels: tf.Tensor3D = rgba.slice([0, 0, 0], [-1, -1, 3]).mul(alpha).add(tf.scalar(255).mul(tf.scalar(1).sub(alpha)));
    if (layout.channels === 1) pixels = pixels.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(-1, true);
    const factor = Math.floor(Math.min(image.height / layout.height, image.width / layout.width));
    if (factor >= 2) pixels = tf.avgPool(pixels, factor, factor, 'valid');
    if (pixels.shape[0] !== layout.height || pixels.shape[1] !== layout.width) {
      pixels = tf.image.resizeBilinear(pixels, [layout.height, layout.width], false, true);
    }
    return pixels.div(255);
  });
}
