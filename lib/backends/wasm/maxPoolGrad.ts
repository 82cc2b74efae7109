// MaxPoolGrad: each output's gradient goes to the input position that was the maximum of its
// window (the first one in row-major order on ties, as on the cpu backend). tfjs-backend-wasm
// 4.22 rescans every window for every input element (~80 ms for one max-pooling layer of a
// batch of 128 MNIST feature maps); the project's SIMD kernel (simd/maxPoolGrad.wat) scans each
// window once, four channels at a time.

import * as tf from '@tensorflow/tfjs';
import type { Shape4, WasmKernelFunc } from './kernelTools';
import { heapOffset, heapOutput, simdKernels } from './simdModules';
import * as maxPoolGradWasm from './simd/maxPoolGrad.generated';

interface MaxPoolGradExports {
  maxPoolGrad(x: number, dy: number, dx: number, batch: number, inH: number, inW: number, ch: number, outH: number, outW: number,
    sh: number, sw: number, fh: number, fw: number, padTop: number, padLeft: number): void;
}

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
  const kernels = simdKernels<MaxPoolGradExports>(backend, maxPoolGradWasm);
  const out = heapOutput(backend, [...input.shape], 'float32', 'a max-pooling gradient');
  kernels.maxPoolGrad(
    heapOffset(backend, input), heapOffset(backend, dy), heapOffset(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.strideHeight, info.strideWidth, info.filterHeight, info.filterWidth, info.padInfo.top, info.padInfo.left,
  );
  return out;
};
