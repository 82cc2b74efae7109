// Registers the project's kernels on tfjs's `wasm` backend: faster replacements for kernels
// that training spends its time in, and the gradient kernels tfjs-backend-wasm 4.22 lacks.
// Call before or after the backend is initialised; calling again changes nothing.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ADAM_KERNEL, installFusedAdam } from '../fused/adam';
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

const OURS = Symbol.for('tlnb.wasmKernel');

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

function isOurs(config: tf.KernelConfig | undefined): boolean {
  return config !== undefined && (config.kernelFunc as unknown as Record<symbol, unknown>)[OURS] === true;
}

function register(kernelName: string, kernelFunc: WasmKernelFunc, setupFunc?: tf.KernelSetupFunc): void {
  Object.defineProperty(kernelFunc, OURS, { value: true });
  const config: tf.KernelConfig = { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
  if (setupFunc !== undefined) config.setupFunc = setupFunc;
  tf.registerKernel(config);
}

export function registerWasmTrainingKernels(): void {
  for (const [name, make] of Object.entries(replaced)) {
    const original = tf.getKernel(name, 'wasm');
    if (original === undefined) {
      throw new Error(`tfjs-backend-wasm has no '${name}' kernel to improve; tlnb expects @tensorflow/tfjs-backend-wasm 4.22`);
    }
    if (isOurs(original)) continue;
    tf.unregisterKernel(name, 'wasm');
    // Keep the original's setup: it binds the wasm functions the original calls.
    register(name, make(original.kernelFunc as unknown as WasmKernelFunc), original.setupFunc);
  }
  for (const [name, kernelFunc] of Object.entries(added)) {
    const existing = tf.getKernel(name, 'wasm');
    if (existing !== undefined) continue; // ours already, or a future tfjs-backend-wasm has its own
    register(name, kernelFunc);
  }
  installFusedAdam();
}
