// The native rungs: @tensorflow/tfjs-node-gpu (CUDA) and @tensorflow/tfjs-node (CPU), installed
// by the user next to the notebook. Each is probed in a child process first (nativeProbe.ts),
// then loaded into the kernel so that it registers its 'tensorflow' backend on the kernel's
// own tfjs instance (sharedTfjs.ts).

import { errorMessage } from '../../../common/guards';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CUDA_REQUIREMENT, diagnoseNativeProbe } from '../nativeDiagnosis';
import { probeNativePackage } from '../nativeProbe';
import { findPackageDir } from '../optionalPackage';
import { alsoShare } from '../sharedTfjs';
import { RungUnavailable } from '../timeout';
import { activate } from '../activate';
import type { Rung, RungContext } from './context';

export const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
export const CPU_PACKAGE = '@tensorflow/tfjs-node';
const BACKEND = 'tensorflow';

let loadedFrom: string | undefined;

function probe(ctx: RungContext, dir: string) {
  let outcome = ctx.probes.get(dir);
  if (outcome === undefined) {
    outcome = probeNativePackage(dir, ctx.timeoutMs);
    ctx.probes.set(dir, outcome);
  }
  return outcome;
}

/** Undoes what a failed load registered, so the next rung starts from a clean registry. */
function forgetTensorflowBackend(ctx: RungContext): void {
  const { tf } = ctx;
  for (const kernel of tf.getKernelsForBackend(BACKEND)) tf.unregisterKernel(kernel.kernelName, BACKEND);
  if (tf.findBackendFactory(BACKEND) !== null) tf.removeBackend(BACKEND);
}

async function startNative(ctx: RungContext, name: string, dir: string, wantGpu: boolean): Promise<string> {
  const { tf } = ctx;
  if (loadedFrom !== undefined && loadedFrom !== dir) {
    throw new RungUnavailable(`${loadedFrom} is already loaded in this kernel; restart the kernel to switch packages`, 'unusable');
  }
  const diagnosis = diagnoseNativeProbe(name, await probe(ctx, dir), wantGpu);
  if (!diagnosis.ok) throw new RungUnavailable(diagnosis.reason, diagnosis.failure);
  if (loadedFrom === undefined) {
    try {
      // index.js registers the backend and its kernels on the (shared) tfjs and selects it.
      const exports = createRequire(join(dir, 'package.json'))(dir) as unknown;
      alsoShare(name, exports);
      loadedFrom = dir;
    } catch (error) {
      forgetTensorflowBackend(ctx);
      throw new RungUnavailable(`${name} failed to load in the kernel: ${errorMessage(error)}`, 'unusable');
    }
  }
  if (tf.findBackendFactory(BACKEND) === null) {
    throw new RungUnavailable(`${name} did not register its backend on the kernel's tfjs (another copy of @tensorflow/tfjs answered it)`, 'unusable');
  }
  const factory = tf.findBackendFactory(BACKEND)!;
  await activate(tf, BACKEND, factory, ctx.timeoutMs, 3);
  return diagnosis.detail;
}

export const tensorflowGpuRung: Rung = {
  name: 'tensorflow-gpu',
  async start(ctx) {
    const dir = findPackageDir(GPU_PACKAGE, ctx.searchPaths);
    if (dir === undefined) {
      throw new RungUnavailable(`package not installed — npm install ${GPU_PACKAGE} in the notebook's folder (${CUDA_REQUIREMENT})`, 'absent');
    }
    return startNative(ctx, GPU_PACKAGE, dir, true);
  },
};

export const tensorflowCpuRung: Rung = {
  name: 'tensorflow',
  async start(ctx) {
    // tfjs-node-gpu without a usable GPU is still native TensorFlow on the CPU.
    for (const name of [CPU_PACKAGE, GPU_PACKAGE]) {
      const dir = findPackageDir(name, ctx.searchPaths);
      if (dir !== undefined) return startNative(ctx, name, dir, false);
    }
    throw new RungUnavailable(`package not installed — npm install ${CPU_PACKAGE} in the notebook's folder`, 'absent');
  },
};
