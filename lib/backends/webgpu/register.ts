// Registers the project's kernels on tfjs's `webgpu` backend (the way wasm/register.ts does for
// wasm): replacements for kernels that are slow for some shapes (the original handles the rest) and
// the fused Adam update. Calling again changes nothing.

import * as tf from '@tensorflow/tfjs';
import { ADAM_KERNEL } from '../fused/adam';
import { adamUpdate } from './adamUpdate';
import { makeWebgpuConv2D, makeWebgpuFusedConv2D } from './conv2d';
import { makeWebgpuConv2DBackpropFilter } from './conv2dBackpropFilter';
import type { KernelFunc } from './kernelTypes';

const OURS = Symbol.for('tlnb.webgpuKernel');

/** Kernels of tfjs-backend-webgpu that are wrapped (the original handles what ours does not). */
const replaced: Record<string, (original: KernelFunc) => KernelFunc> = {
  Conv2D: makeWebgpuConv2D,
  FusedConv2D: makeWebgpuFusedConv2D,
  Conv2DBackpropFilter: makeWebgpuConv2DBackpropFilter,
};

/** Names of the kernels this module puts on the webgpu backend (for reports and tests). */
export const WEBGPU_KERNELS = [...Object.keys(replaced), ADAM_KERNEL];

function register(kernelName: string, kernelFunc: KernelFunc, setupFunc?: tf.KernelSetupFunc): void {
  Object.defineProperty(kernelFunc, OURS, { value: true });
  const config: tf.KernelConfig = { kernelName, backendName: 'webgpu', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
  if (setupFunc !== undefined) config.setupFunc = setupFunc;
  tf.registerKernel(config);
}

export function registerWebgpuKernels(): void {
  for (const [name, make] of Object.entries(replaced)) {
    const original = tf.getKernel(name, 'webgpu');
    if (original === undefined) {
      throw new Error(`tfjs-backend-webgpu has no '${name}' kernel to improve; tlnb expects @tensorflow/tfjs-backend-webgpu 4.22`);
    }
    if ((original.kernelFunc as unknown as Record<symbol, unknown>)[OURS] === true) continue;
    tf.unregisterKernel(name, 'webgpu');
    register(name, make(original.kernelFunc as unknown as KernelFunc), original.setupFunc);
  }
  if (tf.getKernel(ADAM_KERNEL, 'webgpu') === undefined) register(ADAM_KERNEL, adamUpdate as unknown as KernelFunc);
}
