// The backend ladder's entry point: initialises the fastest TensorFlow.js backend that works
// (or the pinned one) on the kernel's single tfjs instance, and reports why the faster rungs
// were skipped.

import * as tf from '@tensorflow/tfjs';
import { climb } from './ladder';
import { packageSearchPaths } from './optionalPackage';
import { cpuRung } from './rungs/cpu';
import { tensorflowCpuRung, tensorflowGpuRung } from './rungs/tensorflowNative';
import { wasmRung } from './rungs/wasm';
import { webgpuRung } from './rungs/webgpu';
import { shareTfjsInstance } from './sharedTfjs';
import type { BackendRequest, InitialisedBackend } from './types';

export { PinnedBackendError } from './timeout';
export { formatBackendReport, formatFallbackNote } from '../../common/backendReport';
export { isBackendPreference } from './ladder';
export * from './types';

const RUNGS = {
  'tensorflow-gpu': tensorflowGpuRung,
  tensorflow: tensorflowCpuRung,
  webgpu: webgpuRung,
  wasm: wasmRung,
  cpu: cpuRung,
};

/**
 * Starts a backend for `request.preference` ('auto' climbs the ladder). A pinned rung that
 * cannot start throws PinnedBackendError with the reason; every attempt is time-bounded.
 */
export async function initBackend(request: BackendRequest): Promise<InitialisedBackend> {
  // Before any optional package loads: whoever requires @tensorflow/tfjs gets this instance.
  shareTfjsInstance(tf);
  const report = await climb(
    request.preference,
    RUNGS,
    { tf, searchPaths: packageSearchPaths(request.searchPaths), probes: new Map() },
    request.timeoutsMs,
  );
  return { tf, report };
}
