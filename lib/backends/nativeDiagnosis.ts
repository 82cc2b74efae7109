// Reads what a probe process printed while loading @tensorflow/tfjs-node(-gpu) and says, in
// words a user can act on, whether it works and why not. TensorFlow reports a missing CUDA
// library only as a log line and then carries on on the CPU, so the log is the only place
// where "tfjs-node-gpu is installed but runs on the CPU" can be seen.

import type { RungFailure } from '../../common/backends';
import { formatSeconds } from './timeout';

export interface ProbeOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  timeoutMs: number;
}

export type Diagnosis = { ok: true; detail: string } | { ok: false; reason: string; failure: RungFailure };

/** The line the probe prints after a product computed on the loaded backend. */
export const PROBE_MARKER = 'TLNB_NATIVE_PROBE_OK';

export const CUDA_REQUIREMENT = 'tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1';
export const MIRROR_HINT =
  'its install script downloads libtensorflow 2.9.1 when npm installs it: reinstall where that download works, ' +
  'or point TFJS_NODE_CDN_STORAGE / TFJS_NODE_BASE_URI at a mirror (docs/backends.md)';

/** CUDA 11.2 libraries TensorFlow 2.9 opens, and what provides them, root causes first. */
const CUDA_LIBRARIES: Array<[RegExp, string]> = [
  [/^libcuda\.so/, 'the NVIDIA driver is not installed (libcuda.so.1 comes with it; check nvidia-smi)'],
  [/^lib(cudart|cublas|cublasLt|cufft|curand|cusolver|cusparse)\.so/, `CUDA 11 is not installed or not on LD_LIBRARY_PATH — ${CUDA_REQUIREMENT}`],
  [/^libcudnn/, `cuDNN 8 is not installed or not on LD_LIBRARY_PATH — ${CUDA_REQUIREMENT}`],
];

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' | ').slice(0, 400);
}

export function diagnoseNativeProbe(packageName: string, outcome: ProbeOutcome, wantGpu: boolean): Diagnosis {
  const { stderr, stdout } = outcome;
  if (outcome.timedOut) {
    return { ok: false, failure: 'timeout', reason: `${packageName} did not load within ${formatSeconds(outcome.timeoutMs)}` };
  }
  if (outcome.signal === 'SIGILL') {
    return {
      ok: false,
      failure: 'unusable',
      reason: `${packageName} crashed with an illegal instruction: the prebuilt libtensorflow needs a CPU with AVX`,
    };
  }
  const missingModule = /Cannot find module '([^']+)'/.exec(stderr);
  if (missingModule && /tfjs_binding\.node|napi-v\d/.test(missingModule[1]!)) {
    return { ok: false, failure: 'unusable', reason: `${packageName} is installed without its native addon — ${MIRROR_HINT}` };
  }
  if (/native addon module \(tfjs_binding\.node\) can not be found/.test(stderr)) {
    return { ok: false, failure: 'unusable', reason: `${packageName} is installed without its native addon — ${MIRROR_HINT}` };
  }
  const libtensorflow = /(libtensorflow[^:'\s]*): cannot open shared object file/.exec(stderr);
  if (libtensorflow) {
    return { ok: false, failure: 'unusable', reason: `${libtensorflow[1]} is missing from ${packageName}'s deps/lib — ${MIRROR_HINT}` };
  }
  if (missingModule) {
    return {
      ok: false,
      failure: 'unusable',
      reason: `${packageName} cannot find its dependency ${missingModule[1]} — run npm install in the notebook's folder`,
    };
  }
  if (!stdout.includes(PROBE_MARKER)) {
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
    return { ok: false, failure: 'unusable', reason: `${packageName} failed to start (${how}): ${lastLines(stderr, 3) || 'no output'}` };
  }
  if (!wantGpu) return { ok: true, detail: `${packageName} (native TensorFlow on the CPU)` };

  const gpu = /Created (?:TensorFlow )?device \(?\/job:localhost\/replica:0\/task:0\/device:GPU:0[^\n]*?name: ([^,\n]+)/.exec(stderr);
  if (gpu) return { ok: true, detail: `${gpu[1]!.trim()} via CUDA (${packageName})` };
  return { ok: false, failure: cudaFailure(stderr), reason: `${packageName} loaded but TensorFlow sees no GPU and would run on the CPU: ${whyNoGpu(stderr)}` };
}

function cudaFailure(stderr: string): RungFailure {
  return /CUDA_ERROR_NO_DEVICE|no CUDA-capable device/.test(stderr) || /'libcuda\.so/.test(stderr) ? 'absent' : 'unusable';
}

function whyNoGpu(stderr: string): string {
  const missing = [...stderr.matchAll(/Could not load dynamic library '([^']+)'/g)].map((m) => m[1]!);
  if (missing.length > 0) {
    for (const [pattern, advice] of CUDA_LIBRARIES) {
      const first = missing.find((lib) => pattern.test(lib));
      if (first !== undefined) return `${first} not found — ${advice}`;
    }
    return `${missing[0]} not found — ${CUDA_REQUIREMENT}`;
  }
  if (/CUDA_ERROR_NO_DEVICE|no CUDA-capable device/.test(stderr)) {
    return 'no CUDA GPU is visible (CUDA_ERROR_NO_DEVICE; check nvidia-smi and CUDA_VISIBLE_DEVICES)';
  }
  if (/driver version is insufficient/i.test(stderr)) return `the NVIDIA driver is too old for CUDA 11.2 — ${CUDA_REQUIREMENT}`;
  const cuInit = /failed call to cuInit: ([^\n]+)/.exec(stderr);
  if (cuInit) return `the CUDA driver did not initialise (${cuInit[1]!.trim()})`;
  return `no GPU device was created — ${CUDA_REQUIREMENT}; check nvidia-smi`;
}
