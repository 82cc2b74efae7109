// Registers the project's kernels on tfjs's `webgpu` backend (lib/backends/ownKernels.ts, as for
// wasm): replacements for kernels that are slow for some shapes (the original handles the rest) and
// the fused Adam update. Calling again changes nothing.

import { ADAM_KERNEL } from '../fused/adam';
import { registerOwnKernels } from '../ownKernels';
import { adamUpdate } from './adamUpdate';
import { makeWebgpuConv2D, makeWebgpuFusedConv2D } from './conv2d';
import { makeWebgpuConv2DBackpropFilter } from './conv2dBackpropFilter';
import type { KernelFunc } from './kernelTools';

/** Kernels of tfjs-backend-webgpu that are wrapped (the original handles what ours does not). */
const replaced: Record<string, (original: KernelFunc) => KernelFunc> = {
  Conv2D: makeWebgpuConv2D,
  FusedConv2D: makeWebgpuFusedConv2D,
  Conv2DBackpropFilter: makeWebgpuConv2DBackpropFilter,
};

/** Not a tfjs kernel: the fused update that tf.train.adam uses on webgpu (fused/adam.ts). */
const added: Record<string, KernelFunc> = { [ADAM_KERNEL]: adamUpdate as unknown as KernelFunc };

export function registerWebgpuKernels(): void {
  registerOwnKernels({ backend: 'webgpu', packageName: '@tensorflow/tfjs-backend-webgpu', replaced, added });
}
