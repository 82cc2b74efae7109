// Registers the project's kernels on tfjs's `wasm` backend: faster replacements for kernels
// that training spends its time in, and the gradient kernels tfjs-backend-wasm 4.22 lacks.
// Call before or after the backend is initialised; calling again changes nothing.

import '@tensorflow/tfjs-backend-wasm';
import { ADAM_KERNEL, installFusedAdam } from '../fused/adam';
import { registerOwnKernels } from '../ownKernels';
import { adamUpdate } from './adamUpdate';
import { makeSum } from './columnSum';
import { makeConv2D } from './conv2d';
import { conv2DBackpropFilter, conv2DBackpropInput } from './conv2dBackprop';
import { depthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropInput } from './depthwiseBackprop';
import { makeGatherV2 } from './gather';
import { makeIdentity } from './identity';
import type { WasmKernelFunc } from './kernelTools';
import { makeBatchMatMul, makeFusedMatMul } from './matMul';
import { maxPoolGrad } from './maxPoolGrad';
import { unsortedSegmentSum } from './unsortedSegmentSum';

/** Kernels that exist in tfjs-backend-wasm and are wrapped (the original handles what ours does not). */
const replaced: Record<string, (original: WasmKernelFunc) => WasmKernelFunc> = {
  BatchMatMul: makeBatchMatMul,
  Conv2D: makeConv2D,
  _FusedMatMul: makeFusedMatMul,
  GatherV2: makeGatherV2,
  Identity: makeIdentity,
  Conv2DBackpropInput: () => conv2DBackpropInput,
  MaxPoolGrad: () => maxPoolGrad,
  Sum: makeSum,
};

/** Kernels that tfjs-backend-wasm 4.22 does not have. */
const added: Record<string, WasmKernelFunc> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dNativeBackpropInput,
  UnsortedSegmentSum: unsortedSegmentSum,
  // Not a tfjs kernel: the fused update that tf.train.adam uses on wasm (fused/adam.ts).
  [ADAM_KERNEL]: adamUpdate,
};

/** Names of the kernels this module puts on the wasm backend (for reports and tests). */
export const WASM_KERNELS = [...Object.keys(replaced), ...Object.keys(added)];

export function registerWasmTrainingKernels(): void {
  registerOwnKernels({ backend: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', replaced, added });
  installFusedAdam();
}
