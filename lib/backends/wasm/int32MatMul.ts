// BatchMatMul of int32 tensors on the wasm backend, which tfjs-backend-wasm 4.22 refuses
// ("BatchMatMul for non non-float32 tensors not yet supported"). tf.math.confusionMatrix is an
// int32 product (oneHot(labels)ᵀ · oneHot(predictions)), so without this it fails on the default
// rung. Same arithmetic as the cpu backend: each sum is formed in a double and stored into the
// Int32Array (exact while |sum| < 2^53, then wrapped to 32 bits as TensorFlow's int32 does).

import * as tf from '@tensorflow/tfjs';
import { makeOutputView, sizeOf, type WasmKernelFunc } from './kernelTools';

export const int32BatchMatMul: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const a = inputs['a']!;
  const b = inputs['b']!;
  if (a.dtype !== 'int32' || b.dtype !== 'int32') throw new Error(`int32BatchMatMul takes two int32 tensors, got ${a.dtype} and ${b.dtype}`);
  const transposeA = Boolean(attrs['transposeA']);
  const transposeB = Boolean(attrs['transposeB']);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [aRows, aCols] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [bRows, bCols] = [b.shape[rb - 2]!, b.shape[rb - 1]!];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const kB = transposeB ? bCols : bRows;
  const n = transposeB ? bRows : bCols;
  if (k !== kB) {
    throw new Error(`Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  }
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = sizeOf(outer);
  const aIndex = batchIndex(outer, a.shape.slice(0, -2));
  const bIndex = batchIndex(outer, b.shape.slice(0, -2));
  const [out, c] = makeOutputView(backend, [...outer, m, n], 'int32');
  // Views after the output's allocation (an allocation may grow the heap and detach earlier views).
  const av = backend.typedArrayFromHeap(a) as Int32Array;
  const bv = backend.typedArrayFromHeap(b) as Int32Array;
  // Strides of op(a)[i, p] and op(b)[p, j] in the stored layouts.
  const [aRow, aInner] = transposeA ? [1, aCols] : [aCols, 1];
  const [bInner, bCol] = transposeB ? [1, bCols] : [bCols, 1];
  const aSize = aRows * aCols;
  const bSize = bRows * bCols;
  for (let t = 0; t < batch; t++) {
    const aBase = aIndex(t) * aSize;
    const bBase = bIndex(t) * bSize;
    const cBase = t * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += av[aBase + i * aRow + p * aInner]! * bv[bBase + p * bInner + j * bCol]!;
        c[cBase + i * n + j] = sum;
      }
    }
  }
  return out;
};

/** Which matrix of an operand with outer shape `own` entry `t` of the broadcast `outer` shape uses. */
function batchIndex(outer: number[], own: number[]): (t: number) => number {
  if (sizeOf(own) === 1) return () => 0;
  const offset = outer.length - own.length;
  return (t) => {
    let index = 0;
    let stride = 1;
    for (let d = outer.length - 1; d >= 0; d--) {
      const coordinate = t % outer[d]!;
      t = Math.floor(t / outer[d]!);
      const ownDim = d - offset;
      if (ownDim < 0) continue;
      const size = own[ownDim]!;
      if (size !== 1) index += coordinate * stride;
      stride *= size;
    }
    return index;
  };
}
