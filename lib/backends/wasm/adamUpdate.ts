// Adam's update as one fused kernel on the wasm backend (simd/adamUpdate.wat; the optimizer's
// routing and the kernel's contract: lib/backends/fused/adam.ts). Unfused, the update was a quarter
// of a training step of the seed's MNIST MLP on wasm. The kernel does the same float32 operations
// in the same order in one pass, so the weights are those the unfused update gives.

import * as tf from '@tensorflow/tfjs';
import type { AdamAttrs } from '../fused/adam';
import type { WasmKernelFunc } from './kernelTools';
import { heapOffset, simdKernels } from './simdModules';
import * as adamUpdateWasm from './simd/adamUpdate.generated';

interface AdamExports {
  adamUpdate(
    w: number, m: number, v: number, g: number, outW: number, outM: number, outV: number, len: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    c1: number, c2: number, negLr: number, eps: number,
  ): void;
}

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
  simdKernels<AdamExports>(backend, adamUpdateWasm).adamUpdate(
    at(value), at(m), at(v), at(gradient), at(outW), at(outM), at(outV), tf.util.sizeFromShape(shape),
    beta1, 1 - beta1, beta2, 1 - beta2,
    c1, c2, -learningRate, epsilon,
  );
  // The engine takes one result per output; a multi-output kernel returns them as a list.
  return outs as unknown as tf.TensorInfo;
};
