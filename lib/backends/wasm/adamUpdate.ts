// Adam's update as one fused kernel on the wasm backend (simd/adamUpdate.wat; the optimizer's
// routing and the kernel's contract: lib/backends/fused/adam.ts). Unfused, the update was a quarter
// of a training step of the seed's MNIST MLP on wasm. The kernel does the same float32 operations
// in the same order in one pass, so the weights are those the unfused update gives. On the threaded
// backend a big variable's elements are split over its threads (kernelPool.ts).

import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs } from '../fused/adam';
import type { WasmKernelFunc } from './kernelTools';
import { backendPool } from './kernelPool';
import { heapOffset, simdKernels } from './simdModules';
import * as adamUpdateWasm from './simd/adamUpdate.generated';

/** adamUpdate's arguments (simd/adamUpdate.wat): byte offsets, the elements [i0, i1) to update, the factors. */
type AdamArgs = [
  w: number, m: number, v: number, g: number, outW: number, outM: number, outV: number, i0: number, i1: number,
  beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, c1: number, c2: number, negLr: number, eps: number,
];

interface AdamExports {
  adamUpdate(...args: AdamArgs): void;
}

/** Below this many elements the update stays on the calling thread: where the pool starts to pay on 2 threads (npm run bench:pool-gate, 2026-12-06, load 0.9: 64 Ki 0.073 vs 0.076 ms, 16 Ki 0.043 vs 0.020, 401 Ki 0.30 vs 0.51; docs/benchmarks/backends.md). */
const MIN_POOL_ELEMENTS = 1 << 16;

/** Inputs value, m, v, gradient, accBeta1, accBeta2; outputs the new value, m and v. */
export const adamUpdate: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { value, m, v, gradient, accBeta1, accBeta2 } = inputs as Record<'value' | 'm' | 'v' | 'gradient' | 'accBeta1' | 'accBeta2', tf.TensorInfo>;
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as AdamAttrs;
  // The bias corrections as float32 (what tfjs's sub(1, accBeta) gives).
  const c1 = Math.fround(1 - (backend.typedArrayFromHeap(accBeta1) as Float32Array)[0]!);
  const c2 = Math.fround(1 - (backend.typedArrayFromHeap(accBeta2) as Float32Array)[0]!);
  const shape = [...value.shape];
  const outs = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32'));
  const [outW, outM, outV] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  const size = tf.util.sizeFromShape(shape);
  const args: AdamArgs = [at(value), at(m), at(v), at(gradient), at(outW), at(outM), at(outV), 0, size, beta1, 1 - beta1, beta2, 1 - beta2, c1, c2, -learningRate, epsilon];
  const kernel = simdKernels<AdamExports>(backend, adamUpdateWasm).adamUpdate;
  const pool = size >= MIN_POOL_ELEMENTS ? backendPool(backend) : undefined;
  if (pool !== undefined) pool.run('adamUpdate', kernel, args, { at: 7, total: size, grain: 16 });
  else kernel(...args);
  // The engine takes one result per output; a multi-output kernel returns them as a list.
  return outs as unknown as tf.TensorInfo;
};
