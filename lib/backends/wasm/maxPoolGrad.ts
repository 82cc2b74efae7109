// MaxPoolGrad: each output's gradient goes to the input position that was the maximum of its
// window (the first one in row-major order on ties, as on the cpu backend). tfjs-backend-wasm
// 4.22 rescans every window for every input element (~80 ms for one max-pooling layer of a
// batch of 128 MNIST feature maps); this scans each window once, all channels together.

import * as tf from '@tensorflow/tfjs';
import { makeOutputView, type WasmKernelFunc } from './kernelTools';

type Shape4 = [number, number, number, number];

export const maxPoolGrad: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const dy = inputs['dy']!;
  const input = inputs['input']!;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as Shape4,
    attrs['filterSize'] as [number, number] | number,
    attrs['strides'] as [number, number] | number,
    1,
    attrs['pad'] as 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const [out, dx] = makeOutputView(backend, [...input.shape], 'float32');
  dx.fill(0);
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - info.padInfo.top;
      const rowFrom = Math.max(0, top);
      const rowTo = Math.min(inHeight, top + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - info.padInfo.left;
        const colFrom = Math.max(0, left);
        const colTo = Math.min(inWidth, left + filterWidth);
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let r = rowFrom; r < rowTo; r++) {
          for (let c = colFrom; c < colTo; c++) {
            const pixel = ((b * inHeight + r) * inWidth + c) * channels;
            for (let ch = 0; ch < channels; ch++) {
              const v = x[pixel + ch]!;
              if (v > best[ch]!) {
                best[ch] = v;
                bestAt[ch] = pixel + ch;
              }
            }
          }
        }
        const grad = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let ch = 0; ch < channels; ch++) {
          const at = bestAt[ch]!;
          if (at >= 0) dx[at] += g[grad + ch]!;
        }
      }
    }
  }
  return out;
};
