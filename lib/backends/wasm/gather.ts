// GatherV2 along the first axis, as model.fit uses it to cut every batch out of the data set.
// The backend's general kernel walks the output one element at a time (~4 ms for a batch of
// 128 MNIST rows); rows are contiguous here, so each is one block copy.

import * as tf from '@tensorflow/tfjs';
import { makeOutputView, sizeOf, type WasmKernelFunc } from './kernelTools';

export function makeGatherV2(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x']!;
    const indices = inputs['indices']!;
    const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0];
    const batchDims = (attrs['batchDims'] as number | undefined) ?? 0;
    if (axis !== 0 || batchDims !== 0 || indices.dtype !== 'int32' || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
      return original(args);
    }
    const rowSize = sizeOf(x.shape.slice(1));
    const rows = x.shape[0]!;
    const count = sizeOf(indices.shape);
    const [out, outValues] = makeOutputView(backend, [...indices.shape, ...x.shape.slice(1)], x.dtype);
    const xValues = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
    const ids = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < count; i++) {
      const row = ids[i];
      if (row < 0 || row >= rows) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${row} is not in [0, ${rows - 1}]`);
      }
      outValues.set(xValues.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
    }
    return out;
  };
}
