// 2-D convolutions (NHWC) and their gradients as products on the fused-multiply-add kernel
// (gemm.ts), where it runs: the input's windows become the rows of a matrix P (im2col,
// simd/im2col.wat), [batch·outH·outW, fh·fw·ci], in the order of the filter's [fh, fw, ci, co]
// layout, so that with dy as [batch·outH·outW, co] and the filter as W [fh·fw·ci, co]:
//
//   Conv2D                y  = P·W
//   Conv2DBackpropFilter  dW = Pᵀ·dy   (P read transposed in place, no copy)
//   Conv2DBackpropInput   dx = col2im(dy·Wᵀ), each window's values added back where they came from
//
// P costs fh·fw times the input's memory (a 3×3 filter on a batch of 128 26×26×16 maps: 8.9 MB),
// which the heap holds only for the call.

import type * as tf from '@tensorflow/tfjs';
import { gemmProduct } from './gemm';
import type { BackendWasm, TensorInfo } from './kernelTools';
import { heapOffset, heapOutput, simdKernels } from './simdModules';
import * as im2colWasm from './simd/im2col.generated';

type Geometry = (...args: number[]) => void;

interface Im2colExports {
  im2col: Geometry;
  col2im: Geometry;
}

type ConvInfo = tf.backend_util.Conv2DInfo;

/** The geometry arguments both kernels take after their first pointer. */
function geometry(info: ConvInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.filterHeight, info.filterWidth, info.padInfo.top, info.padInfo.left,
  ];
}

/** Rows (output positions) and columns (window size) of P. */
function patchSizes(info: ConvInfo): [rows: number, cols: number] {
  return [info.batchSize * info.outHeight * info.outWidth, info.filterHeight * info.filterWidth * info.inChannels];
}

function patches(backend: BackendWasm, x: TensorInfo, info: ConvInfo): TensorInfo {
  const [rows, cols] = patchSizes(info);
  const p = heapOutput(backend, [rows, cols], 'float32', `the ${rows}×${cols} window matrix of a convolution`);
  simdKernels<Im2colExports>(backend, im2colWasm).im2col(heapOffset(backend, x), ...geometry(info), heapOffset(backend, p));
  return p;
}

/** Conv2D of an NHWC x by an [fh, fw, ci, co] filter: [batch, outH, outW, co]. */
export function convByGemm(backend: BackendWasm, x: TensorInfo, filter: TensorInfo, info: ConvInfo): TensorInfo {
  const p = patches(backend, x, info);
  try {
    const [rows, cols] = patchSizes(info);
    return gemmProduct(backend, { info: p, transposed: false, batch: 1 }, { info: filter, transposed: false, batch: 1 }, 1, rows, cols, info.outChannels,
      [info.batchSize, info.outHeight, info.outWidth, info.outChannels]);
  } finally {
    backend.disposeData(p.dataId);
  }
}

/** Conv2DBackpropFilter: dW [fh, fw, ci, co] from x (NHWC) and dy [batch, outH, outW, co]. */
export function filterGradientByGemm(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, info: ConvInfo): TensorInfo {
  const p = patches(backend, x, info);
  try {
    const [rows, cols] = patchSizes(info);
    return gemmProduct(backend, { info: p, transposed: true, batch: 1 }, { info: dy, transposed: false, batch: 1 }, 1, cols, rows, info.outChannels,
      [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels]);
  } finally {
    backend.disposeData(p.dataId);
  }
}

/** Conv2DBackpropInput: dx (NHWC, info's input shape) from dy and the [fh, fw, ci, co] filter. */
export function inputGradientByGemm(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, info: ConvInfo): TensorInfo {
  const [rows, cols] = patchSizes(info);
  const dp = gemmProduct(backend, { info: dy, transposed: false, batch: 1 }, { info: filter, transposed: true, batch: 1 }, 1, rows, info.outChannels, cols);
  try {
    const dx = heapOutput(backend, [info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32', 'a convolution\'s input gradient');
    simdKernels<Im2colExports>(backend, im2colWasm).col2im(heapOffset(backend, dp), ...geometry(info), heapOffset(backend, dx));
    return dx;
  } finally {
    backend.disposeData(dp.dataId);
  }
}
