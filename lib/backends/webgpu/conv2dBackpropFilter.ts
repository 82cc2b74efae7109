// Conv2DBackpropFilter (the filter's gradient) on the webgpu backend, with the sum split over many
// invocations. tfjs-backend-webgpu's program (Conv2DDerFilterProgram) gives each filter value one
// invocation that loops over the whole batch and every output position: a first layer of 5×5×1×8
// filters is 200 invocations of 18,432 multiply-adds each at batch 32 (issue 18's CNN, 3×3×1×32 at
// batch 128: 288 invocations of 86,528), so a GPU of thousands of lanes runs it on a few of them.
// Here the rows (batch × output height) are cut into `splits` chunks, sized so that splits × filter
// values ≈ TARGET_INVOCATIONS: a first pass writes one partial sum per chunk and filter value, a
// second adds each value's partials in order. A filter of TARGET_INVOCATIONS values or more runs as
// one pass, like tfjs's. Channels-last float32 only; anything else goes to tfjs's kernel.

import type * as tf from '@tensorflow/tfjs';
import { backend_util, util } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { FlatProgram, type KernelFunc } from './kernelTools';

/** About how many invocations the first pass should have (enough to fill a large GPU). */
export const TARGET_INVOCATIONS = 1 << 16;

/** The part of the shader keys of this kernel (tests look for it in the backend's pipeline cache). */
export const SPLIT_FILTER_GRAD_KEY = 'tlnbConv2dFilterGrad';

/** Partial sums of the filter's gradient over chunks of `chunk` rows (b, y) each: output [splits, ...filterShape]. */
class PartialFilterGradProgram extends FlatProgram {
  shaderKey = `${SPLIT_FILTER_GRAD_KEY}_partial`;
  variableNames = ['x', 'dy'];
  uniforms = 'pads : vec2<i32>, strides : vec2<i32>, filterDims : vec2<i32>, rows : i32, chunk : i32, filterSize : i32,';

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let split = index / uniforms.filterSize;
          let f = index - split * uniforms.filterSize;
          let inChannels = uniforms.xShape[3];
          let outChannels = uniforms.dyShape[3];
          let d2 = f % outChannels;
          let d1 = (f / outChannels) % inChannels;
          let wC = (f / (outChannels * inChannels)) % uniforms.filterDims[1];
          let wR = f / (outChannels * inChannels * uniforms.filterDims[1]);
          let inHeight = uniforms.xShape[1];
          let inWidth = uniforms.xShape[2];
          let outHeight = uniforms.dyShape[1];
          let outWidth = uniforms.dyShape[2];
          let first = split * uniforms.chunk;
          let last = min(first + uniforms.chunk, uniforms.rows);
          var acc = 0.0;
          for (var r = first; r < last; r = r + 1) {
            let b = r / outHeight;
            let yR = r - b * outHeight;
            let xR = wR + yR * uniforms.strides[0] - uniforms.pads[0];
            if (xR < 0 || xR >= inHeight) { continue; }
            let xRow = (b * inHeight + xR) * inWidth;
            let dyRow = r * outWidth;
            for (var yC = 0; yC < outWidth; yC = yC + 1) {
              let xC = wC + yC * uniforms.strides[1] - uniforms.pads[1];
              if (xC < 0 || xC >= inWidth) { continue; }
              acc = acc + x[(xRow + xC) * inChannels + d1] * dy[(dyRow + yC) * outChannels + d2];
            }
          }
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

/** Adds the partial sums [splits, filterSize] of each filter value, in split order. */
class SumSplitsProgram extends FlatProgram {
  shaderKey = `${SPLIT_FILTER_GRAD_KEY}_sum`;
  variableNames = ['partials'];
  uniforms = 'splits : i32,';

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var acc = 0.0;
          for (var s = 0; s < uniforms.splits; s = s + 1) {
            acc = acc + partials[s * uniforms.size + index];
          }
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

/** How the rows are cut: `splits` chunks of `chunk` rows (the last may be shorter). Pure. */
export function splitRows(rows: number, filterSize: number): { splits: number; chunk: number } {
  const wanted = Math.max(1, Math.min(rows, Math.ceil(TARGET_INVOCATIONS / Math.max(1, filterSize))));
  const chunk = Math.max(1, Math.ceil(rows / wanted));
  return { splits: Math.max(1, Math.ceil(rows / chunk)), chunk };
}

interface FilterGradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export function makeWebgpuConv2DBackpropFilter(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as Record<'x' | 'dy', tf.TensorInfo>;
    const attrs = args.attrs as unknown as FilterGradAttrs;
    if (attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4) return original(args);
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
    const filterSize = attrs.filterShape.reduce((a, b) => a * b, 1);
    const rows = info.batchSize * info.outHeight;
    // Empty tensors go to tfjs's kernel (zeros or the empty tensor); so does a dy of the wrong shape, which
    // this shader would read with the wrong row length.
    if (filterSize === 0 || rows === 0 || x.shape.some((d) => d === 0) || !util.arraysEqual(dy.shape, info.outShape)) return original(args);
    const gpu = args.backend as WebGPUBackend;
    const { splits, chunk } = splitRows(rows, filterSize);
    const uniforms = [
      { type: 'int32', data: [info.padInfo.top, info.padInfo.left] },
      { type: 'int32', data: [info.strideHeight, info.strideWidth] },
      { type: 'int32', data: [info.filterHeight, info.filterWidth] },
      { type: 'int32', data: [rows] },
      { type: 'int32', data: [chunk] },
      { type: 'int32', data: [filterSize] },
    ];
    if (splits === 1) return gpu.runWebGPUProgram(new PartialFilterGradProgram([...attrs.filterShape]), [x, dy], 'float32', uniforms);
    const partials = gpu.runWebGPUProgram(new PartialFilterGradProgram([splits, filterSize]), [x, dy], 'float32', uniforms);
    try {
      return gpu.runWebGPUProgram(new SumSplitsProgram([...attrs.filterShape]), [partials], 'float32', [{ type: 'int32', data: [splits] }]);
    } finally {
      gpu.disposeData(partials.dataId);
    }
  };
}
