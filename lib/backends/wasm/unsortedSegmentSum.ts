// UnsortedSegmentSum, missing from tfjs-backend-wasm 4.22: the gradient of tf.gather, so of
// every Embedding layer (tensorflow/tfjs#8082). out[ids[i]] += x[i]; ids outside
// [0, numSegments) contribute nothing, as on the cpu backend and in TensorFlow.

import { makeOutputView, sizeOf, type WasmKernelFunc } from './kernelTools';

export const unsortedSegmentSum: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs['x']!;
  const segmentIds = inputs['segmentIds']!;
  const numSegments = attrs['numSegments'] as number;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum on wasm takes float32 or int32 values, got ${x.dtype}`);
  }
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`);
  }
  const rowSize = sizeOf(x.shape.slice(idRank));
  const count = sizeOf(segmentIds.shape);
  const [out, sums] = makeOutputView(backend, [numSegments, ...x.shape.slice(idRank)], x.dtype);
  sums.fill(0); // heap memory is reused, not zeroed
  const values = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array | Float32Array;
  for (let i = 0; i < count; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * rowSize;
    const to = segment * rowSize;
    for (let j = 0; j < rowSize; j++) sums[to + j] += values[from + j];
  }
  return out;
};
