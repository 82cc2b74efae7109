// The tfjs part of the kernel's memory message: the active backend, live tensors and, where the
// backend reports GPU memory (the webgpu rung: tf.memory().numBytesAllocatedInGPU and
// numBytesInGPU), the bytes it really holds on the GPU.

import type * as tfjs from '@tensorflow/tfjs';
import type { MemoryMessage } from '../common/protocol';

type TfMemoryFields = Pick<MemoryMessage, 'backend' | 'numTensors' | 'tensorBytes' | 'gpuBytesHeld' | 'gpuBytesInUse'>;

/** The figures of `tf.memory()` the status bar shows. */
export function backendMemory(tf: Pick<typeof tfjs, 'memory' | 'getBackend'>): TfMemoryFields {
  const info = tf.memory() as tfjs.MemoryInfo & { numBytesInGPU?: number; numBytesAllocatedInGPU?: number };
  const fields: TfMemoryFields = { backend: tf.getBackend(), numTensors: info.numTensors, tensorBytes: info.numBytes };
  if (typeof info.numBytesAllocatedInGPU === 'number') fields.gpuBytesHeld = info.numBytesAllocatedInGPU;
  if (typeof info.numBytesInGPU === 'number') fields.gpuBytesInUse = info.numBytesInGPU;
  return fields;
}
