// Gradients of DepthwiseConv2dNative, both missing from tfjs-backend-wasm 4.22.
// Filter [kh, kw, c, m] (m = channel multiplier), dy [n, oh, ow, c·m].
//
// - Input: dx[n,y,x,c] = Σ_{m,kh,kw} dy[n,oh,ow,c·m+m'] · w[kh,kw,c,m']: a depthwise
//   convolution of dy (dilated by the stride, padded) with the flipped filter, one channel
//   per (c, m), then a sum over m.
// - Filter: for each filter tap (kh, kw), the product of the input window it reads with dy,
//   summed over batch and positions: kh·kw multiplications of [n·oh·ow, c, m], the same work
//   as the forward pass.

import * as tf from '@tensorflow/tfjs';
import { dilateForTranspose } from './conv2dBackprop';
import { composed, convGeometry, type Shape4, type TensorInfo, type WasmKernelFunc } from './kernelTools';

function depthwiseInfo(inShape: Shape4, filterShape: Shape4, attrs: Record<string, unknown>): tf.backend_util.Conv2DInfo {
  const dilations = (attrs['dilations'] as [number, number] | number | undefined) ?? 1;
  if (!tf.backend_util.tupleValuesAreOne(dilations)) {
    throw new Error(`depthwise convolution gradients on wasm need dilations of 1, got ${String(dilations)}`);
  }
  return convGeometry(inShape, filterShape, attrs, true);
}

export const depthwiseConv2dNativeBackpropInput: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const dy = inputs['dy']!;
  const filter = inputs['filter']!;
  const inShape = attrs['inputShape'] as Shape4;
  const [kh, kw, c, m] = filter.shape as Shape4;
  const info = depthwiseInfo(inShape, filter.shape as Shape4, attrs);
  return composed(backend, (scope) => {
    const spread = dilateForTranspose(scope, dy, info);
    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const perChannel = scope.reshape(flipped, [kh, kw, c * m, 1]);
    const dxm = scope.run('DepthwiseConv2dNative', { x: spread.x, filter: perChannel }, {
      strides: [1, 1],
      pad: spread.pad,
      dilations: [1, 1],
    }); // [n, h, w, c·m]
    if (m === 1) return dxm;
    const split = scope.reshape(dxm, [inShape[0], inShape[1], inShape[2], c, m]);
    return scope.run('Sum', { x: split }, { axis: [4], keepDims: false });
  });
};

export const depthwiseConv2dNativeBackpropFilter: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs['x']!;
  const dy = inputs['dy']!;
  const filterShape = attrs['filterShape'] as Shape4;
  const [kh, kw, c, m] = filterShape;
  const info = depthwiseInfo(x.shape as Shape4, filterShape, attrs);
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, padInfo, batchSize: n } = info;
  return composed(backend, (scope) => {
    const rows = (oh - 1) * sh + kh;
    const cols = (ow - 1) * sw + kw;
    const xp = scope.padOrCrop(x, [
      [0, 0],
      [padInfo.top, rows - padInfo.top - info.inHeight],
      [padInfo.left, cols - padInfo.left - info.inWidth],
      [0, 0],
    ]);
    const dyByChannel = scope.reshape(dy, [n * oh * ow, c, m]);
    const taps: TensorInfo[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const window = sh === 1 && sw === 1
          ? scope.run('Slice', { x: xp }, { begin: [0, i, j, 0], size: [n, oh, ow, c] })
          : scope.run('StridedSlice', { x: xp }, {
            begin: [0, i, j, 0],
            end: [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c],
            strides: [1, sh, sw, 1],
            beginMask: 0,
            endMask: 0,
            ellipsisMask: 0,
            newAxisMask: 0,
            shrinkAxisMask: 0,
          });
        const product = scope.run('Multiply', { a: scope.reshape(window, [n * oh * ow, c, 1]), b: dyByChannel });
        taps.push(scope.run('Sum', { x: product }, { axis: [0], keepDims: false })); // [c, m]
      }
    }
    const stacked = scope.run('Pack', taps, { axis: 0 });
    return scope.reshape(stacked, filterShape);
  });
};
