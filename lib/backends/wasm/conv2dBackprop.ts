// Gradients of Conv2D on the wasm backend, both computed by the backend's own Conv2D kernel
// (XNNPACK) on rearranged tensors:
//
// - Conv2DBackpropFilter is missing from tfjs-backend-wasm 4.22 (so Conv2D layers could not
//   train there). dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s+kh−pad, ow·s+kw−pad, ci] · dy[n,oh,ow,co]
//   is a convolution of x (batch ↔ channels swapped: [ci, H, W, n]) with dy as the filter
//   ([oh, ow, n, co]), dilated by the stride; its output is [ci, kh, kw, co].
// - Conv2DBackpropInput exists but is a scalar loop. dx is the convolution of dy, dilated by
//   the stride (zeros between rows and columns) and padded by kernel−1−pad, with the filter
//   flipped in space and its in/out channels swapped.
//
// Where the fused-multiply-add product kernel runs (gemm.ts), both are products instead
// (convGemm.ts), which is faster on every layer the bench models have.

import * as tf from '@tensorflow/tfjs';
import { filterGradientByGemm, inputGradientByGemm } from './convGemm';
import { relaxedSimdUnavailable } from './simdModules';
import { composed, convGeometry, makeOutputView, padding, sizeOf, type KernelScope, type Shape4, type TensorInfo, type WasmKernelFunc } from './kernelTools';

function toNhwc(scope: KernelScope, t: TensorInfo, nchw: boolean): TensorInfo {
  return nchw ? scope.transpose(t, [0, 2, 3, 1]) : t;
}

export const conv2DBackpropFilter: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const nchw = attrs['dataFormat'] === 'NCHW';
  const filterShape = attrs['filterShape'] as Shape4;
  if (sizeOf(inputs['x']!.shape) === 0 || sizeOf(inputs['dy']!.shape) === 0) {
    // An empty batch: a sum of nothing (neither path below writes its output then).
    const [out, values] = makeOutputView(backend, [...filterShape], 'float32');
    values.fill(0);
    return out;
  }
  return composed(backend, (scope) => {
    const x = toNhwc(scope, inputs['x']!, nchw);
    const dy = toNhwc(scope, inputs['dy']!, nchw);
    const info = convGeometry(x.shape as Shape4, filterShape, attrs, false);
    if (relaxedSimdUnavailable() === undefined) {
      const dw = scope.track(filterGradientByGemm(backend, x, dy, info));
      return scope.reshape(dw, filterShape);
    }
    const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow, padInfo } = info;
    // Exactly the rows and columns the filter reads: [-top, -top + (oh-1)·sh + kh).
    const rows = (oh - 1) * sh + kh;
    const cols = (ow - 1) * sw + kw;
    const amounts: Array<[number, number]> = [
      [0, 0],
      [padInfo.top, rows - padInfo.top - info.inHeight],
      [padInfo.left, cols - padInfo.left - info.inWidth],
      [0, 0],
    ];
    // Padding is left to the convolution (XNNPACK pads without a copy); spatial axes stay in place.
    const xSwapped = scope.transpose(scope.crop(x, amounts), [3, 1, 2, 0]); // [ci, rows', cols', n]
    const dyFilter = scope.transpose(dy, [1, 2, 0, 3]); // [oh, ow, n, co]
    const grad = scope.run('Conv2D', { x: xSwapped, filter: dyFilter }, {
      strides: [1, 1],
      pad: padding(amounts),
      dataFormat: 'NHWC',
      dilations: [sh, sw],
    }); // [ci, kh, kw, co]
    return scope.transpose(grad, [1, 2, 0, 3]);
  });
};

/**
 * dy with (stride − 1) zeros after every row and column, cropped where needed, and the padding
 * that makes a 'valid'-sized convolution with a kh×kw filter yield exactly `height`×`width`
 * outputs (left to the convolution's explicit padding, which costs no copy).
 */
export function dilateForTranspose(
  scope: KernelScope,
  dy: TensorInfo,
  info: Pick<tf.backend_util.Conv2DInfo, 'strideHeight' | 'strideWidth' | 'filterHeight' | 'filterWidth' | 'inHeight' | 'inWidth' | 'padInfo'>,
): { x: TensorInfo; pad: Array<[number, number]> } {
  const [n, oh, ow, c] = dy.shape as Shape4;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const split = scope.reshape(dy, [n, oh, 1, ow, 1, c]);
    const padded = scope.padOrCrop(split, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    spread = scope.reshape(padded, [n, oh * sh, ow * sw, c]);
  }
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const amounts: Array<[number, number]> = [
    [0, 0],
    [top, info.inHeight + kh - 1 - top - oh * sh],
    [left, info.inWidth + kw - 1 - left - ow * sw],
    [0, 0],
  ];
  return { x: scope.crop(spread, amounts), pad: padding(amounts) };
}

export const conv2DBackpropInput: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const nchw = attrs['dataFormat'] === 'NCHW';
  const given = attrs['inputShape'] as Shape4;
  const inShape: Shape4 = nchw ? [given[0], given[2], given[3], given[1]] : given;
  const filter = inputs['filter']!;
  return composed(backend, (scope) => {
    const dy = toNhwc(scope, inputs['dy']!, nchw);
    const info = convGeometry(inShape, filter.shape as Shape4, attrs, false);
    if (relaxedSimdUnavailable() === undefined) {
      const dx = scope.track(inputGradientByGemm(backend, dy, filter, info));
      return nchw ? scope.transpose(dx, [0, 3, 1, 2]) : dx;
    }
    const spread = dilateForTranspose(scope, dy, info);
    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = scope.transpose(flipped, [0, 1, 3, 2]); // [kh, kw, co, ci]
    const dx = scope.run('Conv2D', { x: spread.x, filter: swapped }, {
      strides: [1, 1],
      pad: spread.pad,
      dataFormat: 'NHWC',
      dilations: [1, 1],
    });
    return nchw ? scope.transpose(dx, [0, 3, 1, 2]) : dx;
  });
};
