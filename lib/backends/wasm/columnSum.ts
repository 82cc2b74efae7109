// Sum over the leading axes of a float32 tensor (every bias gradient) in one ordered pass, by
// the project's SIMD kernel (simd/columnSum.wat). tfjs-backend-wasm 4.22 transposes the input
// first; any other reduction still goes to the original kernel.

import * as tf from '@tensorflow/tfjs';
import { sizeOf, type WasmKernelFunc } from './kernelTools';
import { heapOffset, simdKernels } from './simdModules';
import * as columnSumWasm from './simd/columnSum.generated';

interface ColumnSumExports {
  columnSum(x: number, rows: number, cols: number, out: number): void;
}

/** Below this many columns the transposing original is as fast. */
const MIN_COLUMNS = 4;

export function makeSum(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x']!;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs['axis'] as number | number[], x.shape).sort((a, b) => a - b);
    // Only "the first d axes", with at least one axis left over.
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    const cols = sizeOf(x.shape.slice(axes.length));
    if (x.dtype !== 'float32' || !leading || cols < MIN_COLUMNS) return original(args);
    const kept = x.shape.slice(axes.length);
    const shape = attrs['keepDims'] ? [...axes.map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(shape, 'float32');
    simdKernels<ColumnSumExports>(backend, columnSumWasm).columnSum(heapOffset(backend, x), sizeOf(x.shape.slice(0, axes.length)), cols, heapOffset(backend, out));
    return out;
  };
}
