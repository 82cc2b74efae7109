// tfjs-backend-wasm on a pool of threads in Node. tfjs 4.22 turns the wasm backend's threads off
// under Node (its loader hands Emscripten `blob:` URLs, which worker_threads cannot load), but the
// package ships a Node-capable threaded build: a CommonJS Emscripten factory that runs its pthreads
// on worker_threads, the pthread worker's source, and the threaded SIMD binary. This module starts
// that build with real file paths and wraps it in tfjs's own BackendWasm, so every kernel registered
// for `wasm` (tfjs's and tlnb's) runs on it; XNNPACK splits products and convolutions over the pool.
// The heap is a shared WebAssembly.Memory, created here so that tlnb's own SIMD kernels can import
// it (simdModules.ts).

import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type CpuInfo, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { useKernelThreads } from './kernelPool';
import { gateSmallKernels } from './poolGate';

export const THREADED_FACTORY = 'tfjs-backend-wasm-threaded-simd.js';
export const THREADED_WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';
export const THREADED_BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';

/** The threaded build's files: beside the kernel bundle (npm run build puts them there), else in the package. */
export interface ThreadedWasmFiles {
  factory: string;
  worker: string;
  binary: string;
}

/**
 * The pthread worker's source as a file. The package ships it as a string export; tfjs escapes its
 * newlines the same way before making its blob, and the build writes it beside the bundle with this.
 */
export function workerSource(packageWorkerModule: string): string {
  const { wasmWorkerContents } = createRequire(__filename)(packageWorkerModule) as { wasmWorkerContents: string };
  return wasmWorkerContents.replace(/\n/g, '\\n');
}

let tempWorker: string | undefined;

/** Finds the threaded build's files in `dir` (the bundle's folder), else in the installed package. */
export function threadedWasmFiles(dir: string | undefined): ThreadedWasmFiles | undefined {
  if (dir !== undefined && [THREADED_FACTORY, THREADED_WORKER, THREADED_BINARY].every((f) => existsSync(join(dir, f)))) {
    return { factory: join(dir, THREADED_FACTORY), worker: join(dir, THREADED_WORKER), binary: join(dir, THREADED_BINARY) };
  }
  let wasmOut: string;
  try {
    wasmOut = dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${THREADED_FACTORY}`));
  } catch {
    return undefined;
  }
  // A source checkout (tests, benchmarks): the worker file is written once per process into a
  // fresh private folder (never a predictable path another user could have planted).
  if (tempWorker === undefined) {
    const folder = mkdtempSync(join(tmpdir(), `tlnb-wasm-threads-${randomBytes(4).toString('hex')}-`));
    tempWorker = join(folder, THREADED_WORKER);
    writeFileSync(tempWorker, workerSource(join(wasmOut, THREADED_WORKER)), { mode: 0o600 });
    // Gone with the process (every test or benchmark process would otherwise leave one behind).
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  }
  return { factory: join(wasmOut, THREADED_FACTORY), worker: tempWorker, binary: join(wasmOut, THREADED_BINARY) };
}

/** The parts of the Emscripten module BackendWasm and tlnb use. */
interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  PThread?: { unusedWorkers?: Array<{ unref?: () => void }>; runningWorkers?: Array<{ unref?: () => void }> };
  tfjs?: unknown;
  wasmMemory?: unknown;
}

type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** The parts of the WebAssembly API used here (the kernel's tsconfig has no DOM types). */
const WebAssemblyJs = (globalThis as unknown as { WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => object } }).WebAssembly;

/**
 * Starts the threaded build with `threads` threads for XNNPACK and returns tfjs's BackendWasm on it.
 * Throws when SharedArrayBuffer or the files are missing (the caller falls back to one thread).
 */
export async function createThreadedWasmBackend(files: ThreadedWasmFiles, threads: number): Promise<BackendWasm> {
  if (typeof SharedArrayBuffer === 'undefined') throw new Error('SharedArrayBuffer is not available');
  const factory = createRequire(__filename)(files.factory) as Factory;
  // 16 MiB to start, up to 4 GiB, as the build declares; created here so tlnb's kernels can import it.
  // (The build starts 8 pthread workers, a number compiled in; XNNPACK uses `threads` of them.)
  const wasmMemory = new WebAssemblyJs.Memory({ initial: 256, maximum: 65536, shared: true });
  let aborted: string | undefined;
  // The build caps XNNPACK's pool at half the logical cores it sees (it assumes two hardware threads
  // per core), read once through os.cpus() while the module initialises: on a 2-vCPU machine that is
  // one thread, whatever is asked. So for that moment os.cpus() reports twice the threads wanted.
  // (The real module object: an ES namespace import is a copy whose properties cannot be set.)
  const nodeOs = createRequire(__filename)('node:os') as { cpus: () => CpuInfo[] };
  const cpus = nodeOs.cpus;
  const seen = cpus();
  nodeOs.cpus = () => Array.from({ length: 2 * threads }, (_, i) => seen[i % Math.max(1, seen.length)]!);
  let module: EmscriptenModule;
  try {
    module = await factory({
      wasmMemory,
      locateFile: (path: string) => (path.endsWith('.worker.js') ? files.worker : path.endsWith('.wasm') ? files.binary : join(dirname(files.factory), path)),
      mainScriptUrlOrBlob: files.factory,
      onAbort: (reason: unknown) => {
        aborted = String(reason);
      },
    });
  } finally {
    nodeOs.cpus = cpus;
  }
  if (aborted !== undefined) throw new Error(`the threaded wasm build aborted: ${aborted}`);
  module.wasmMemory = wasmMemory;
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  // XNNPACK's pool threads wait for work for as long as the process lives; they must not keep it
  // alive (a `tlnb run` or a script would never exit).
  for (const worker of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])]) worker.unref?.();
  // Kernels too small to pay for waking the pool run on this thread (poolGate.ts).
  gateSmallKernels(backend, module, readFileSync(files.binary));
  // The project's own kernels split big calls over as many threads (kernelPool.ts).
  useKernelThreads(backend, threads);
  return backend;
}
