// PNG and JPEG decoding without native code, and conversion to a model's input size and colour.
// pngjs (pure JS, no dependencies, every PNG bit depth and interlacing) and jpeg-js (pure JS, no
// dependencies, memory limits against hostile files) keep the kernel installable everywhere, which
// sharp or canvas (native binaries fetched at install) would not.

import { errorMessage } from '../../../common/guards';
import * as tf from '@tensorflow/tfjs';
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageLayout } from './dataset';
import { IMAGE_BYTES_PER_PIXEL, RAISE_BUDGET, budgetText, formatBytes, memoryBudgetBytes } from '../../inputLimits';
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

/**
 * Width and height as a PNG's IHDR chunk or a JPEG's start-of-frame marker declares them, read
 * without decoding anything; undefined when the header holds none.
 */
export function imageDimensions(bytes: Uint8Array, kind: 'png' | 'jpeg'): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'png') {
    // signature (8), chunk length (4), "IHDR" (4), width (4), height (4): IHDR must come first.
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
    return { width: view.getUint32(16, false), height: view.getUint32(20, false) };
  }
  // JPEG: walk the marker segments after SOI (FF D8) up to the first SOFn (C0–CF but C4, C8, CC).
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame header
    const length = view.getUint16(at + 2, false);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return undefined;
      return { height: view.getUint16(at + 5, false), width: view.getUint16(at + 7, false) };
    }
    at += 2 + length;
  }
  return undefined;
}

/** The most pixels one image may have: what decoding it takes (IMAGE_BYTES_PER_PIXEL each) fits the memory budget. */
export function maxImagePixels(budget = memoryBudgetBytes()): number {
  return Math.floor(budget / IMAGE_BYTES_PER_PIXEL);
}

/**
 * Decodes a PNG or JPEG (told apart by their first bytes, not the file name) to RGBA. The size its
 * header declares is checked against `maxPixels` first, so a small file that claims a huge image
 * is refused before anything is decoded.
 */
export function decodeImage(bytes: Uint8Array, file: string, maxPixels = maxImagePixels()): RgbaImage {
  const kind = imageKind(bytes);
  const fail = (what: string): never => {
    throw new FinetuneError('image-corrupt', what, 'open the image in an image viewer and save it again as PNG or JPEG, or remove it from the folder', file);
  };
  if (!kind) {
    // What the file holds is not shown: it may be anything (say, a private file under an image's name).
    return fail(bytes.length === 0 ? 'not a PNG or JPEG image: the file is empty' : 'not a PNG or JPEG image: it does not start with the signature of either');
  }
  const size = imageDimensions(bytes, kind);
  if (size === undefined) return fail(`corrupt ${kind === 'png' ? 'PNG' : 'JPEG'} image: its header declares no width and height`);
  const pixels = size.width * size.height;
  if (pixels > maxPixels) {
    const budget = maxPixels * IMAGE_BYTES_PER_PIXEL;
    throw new FinetuneError(
      'image-corrupt',
      `the image declares ${size.width}×${size.height} pixels, which take about ${formatBytes(pixels * IMAGE_BYTES_PER_PIXEL)} to decode, ` +
        `more than ${budgetText(budget)} allows (${maxPixels.toLocaleString('en-US')} pixels); nothing was decoded`,
      `shrink the image (the model takes small images anyway), or ${RAISE_BUDGET}`,
      file,
    );
  }
  try {
    if (kind === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    // Strict: a truncated JPEG would otherwise decode with a gray lower part and train on garbage.
    const image = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxMemoryUsageInMB: Math.max(1, Math.ceil((maxPixels * IMAGE_BYTES_PER_PIXEL) / 2 ** 20)),
      maxResolutionInMP: maxPixels / 1e6,
    });
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    return fail(`corrupt or unreadable ${kind === 'png' ? 'PNG' : 'JPEG'} image: ${errorMessage(error)}`);
  }
}

/**
 * The image as [height, width, channels] floats in 0..1 for the model: transparency laid over
 * white, colour turned to gray by luminance (ITU-R 601 weights) when the model takes one channel,
 * and stretched to the model's size — first shrunk by whole factors with an average (so large
 * photos do not alias), then resized bilinearly.
 */
export function imageToInput(image: RgbaImage, layout: ImageLayout): tf.Tensor3D {
  // One pass over the RGBA bytes into the model's channels (4 bytes per value), instead of a chain of
  // full-size int32 and float tensors: a photo takes a few times its RGBA size, not twenty.
  const { width, height, data } = image;
  const channels = layout.channels;
  const values = new Float32Array(width * height * channels);
  for (let p = 0, o = 0; p < width * height * 4; p += 4) {
    const alpha = data[p + 3]! / 255;
    const white = 255 * (1 - alpha);
    const r = data[p]! * alpha + white;
    const g = data[p + 1]! * alpha + white;
    const b = data[p + 2]! * alpha + white;
    if (channels === 1) values[o++] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      values[o++] = r;
      values[o++] = g;
      values[o++] = b;
    }
  }
  return tf.tidy(() => {
    let pixels: tf.Tensor3D = tf.tensor3d(values, [height, width, channels]);
    const factor = Math.floor(Math.min(height / layout.height, width / layout.width));
    if (factor >= 2) pixels = tf.avgPool(pixels, factor, factor, 'valid');
    if (pixels.shape[0] !== layout.height || pixels.shape[1] !== layout.width) {
      pixels = tf.image.resizeBilinear(pixels, [layout.height, layout.width], false, true);
    }
    return pixels.div(255);
  });
}
