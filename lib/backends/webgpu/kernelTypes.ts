// The shape of a tfjs kernel function as tlnb's webgpu kernels see it (tf.KernelFunc, with the
// backend typed as the one they run on after a cast).

import type * as tf from '@tensorflow/tfjs';

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };
export type KernelFunc = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];
