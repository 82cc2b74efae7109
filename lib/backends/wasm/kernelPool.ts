// Worker threads for the project's own kernels (simd/*.wat) on the threaded wasm backend.
//
// The threaded build's heap is a shared WebAssembly.Memory, so a worker thread can instantiate a
// kernel module on the same heap and compute part of a call (some rows of a product, some
// elements of an update) while the calling thread computes the rest: nothing is copied, inputs
// and outputs stay tensors on the heap. XNNPACK's own pool (Emscripten pthreads) cannot run a
// function of ours, hence this small pool of its own.
//
// A pool runs the exports it was made with (`PoolKernel`s); a kernel it splits takes the range
// it computes as two consecutive arguments [start, end). Each call is synchronous, as a tfjs
// kernel must be. The range is cut into chunks (a few per thread) that every thread claims one at
// a time from a shared counter, the calling thread included: a worker that wakes late (waking a
// sleeping thread can take milliseconds on a busy or virtual machine) finds the chunks done and
// goes back to sleep, instead of holding the call up. Both sides poll for SPIN_MS before sleeping
// in Atomics.wait. Workers are unref'd: they never keep the process alive.

import { Worker } from 'node:worker_threads';
import type { BackendWasm } from './kernelTools';
import { relaxedSimdUnavailable, simdInstance, type SimdModule } from './simdModules';
import * as adamUpdateWasm from './simd/adamUpdate.generated';
import * as gemmWasm from './simd/gemm.generated';

/** An export a pool can run: the compiled module (instantiated on the pool's memory) and its name. */
export interface PoolKernel {
  module: object;
  name: string;
}

/** How a call is cut: `args[at]` and `args[at + 1]` are the chunk's [start, end) of [0, total). */
export interface PoolRange {
  at: number;
  total: number;
  /** Chunk starts are multiples of this (a product's 4-row tile, a SIMD kernel's 4 lanes). */
  grain: number;
}

/** A per-thread scratch area: thread t gets `args[at] + t·stride`. */
export interface PoolWork {
  at: number;
  stride: number;
}

// The control block, int32 words.
const SEQ = 0; // the call's number, 1…2³¹−1 (-1: stop)
const DONE = 1; // chunks finished
const FAILED = 2; // chunks that threw
const CHUNKS = 3;
const CHUNK_SIZE = 4;
const TOTAL = 5;
const KERNEL = 6; // index into the pool's kernels
const ARG_COUNT = 7;
const RANGE_AT = 8;
const WORK_AT = 9; // -1: none
const WORK_STRIDE = 10;
const WORDS = 11;
/** The most arguments a pooled export takes (adamUpdate: 17). Stored as float64: int32 and float32 values both exactly. */
const MAX_ARGS = 20;
// The claim, in a 64-bit word of its own: (call number << 16) | next chunk to take. With the
// whole call number in it, a thread paused between reading a call's arguments and claiming cannot
// claim a later call's chunk unless 2³¹ calls went by.
/** A chunk number beyond every call's chunks: the claim is closed while a call is set up. */
const CLOSED = 0xffffn;
/** How long a thread polls before sleeping: a worker after its last chunk, the caller for the others. */
const SPIN_MS = 1;
/** Chunks per thread: enough that a late thread costs little, few enough that shared operands are read few times. */
const CHUNKS_PER_THREAD = 4;

// Claims and computes chunks of the current call until none is left; the same code on every
// thread (the workers get it as source, the caller through new Function), so that the protocol
// has one implementation. The arguments are read before the claim, and the caller closes the
// claim before writing them: a thread holding a claim has read that call's arguments.
const TAKE_CHUNKS = `
for (;;) {
  const call = Atomics.load(words, ${SEQ});
  const chunks = Atomics.load(words, ${CHUNKS});
  const chunkSize = Atomics.load(words, ${CHUNK_SIZE});
  const total = Atomics.load(words, ${TOTAL});
  const fn = fns[Atomics.load(words, ${KERNEL})];
  const argCount = Atomics.load(words, ${ARG_COUNT});
  const rangeAt = Atomics.load(words, ${RANGE_AT});
  const workAt = Atomics.load(words, ${WORK_AT});
  const workStride = Atomics.load(words, ${WORK_STRIDE});
  const args = Array.from(values.subarray(0, argCount));
  const claim = Atomics.load(claims, 0);
  const next = Number(claim & 0xffffn);
  if (call < 0 || claim >> 16n !== BigInt(call) || next >= chunks) return;
  if (Atomics.compareExchange(claims, 0, claim, claim + 1n) !== claim) continue;
  args[rangeAt] = next * chunkSize;
  args[rangeAt + 1] = Math.min(total, args[rangeAt] + chunkSize);
  if (workAt >= 0) args[workAt] += thread * workStride;
  try {
    fn(...args);
  } catch {
    Atomics.add(words, ${FAILED}, 1);
  }
  if (Atomics.add(words, ${DONE}, 1) + 1 === chunks) Atomics.notify(words, ${DONE});
}
`;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, kernels, control, claim, argValues, thread } = workerData;
const instances = new Map();
const fns = kernels.map(({ module, name }) => {
  if (!instances.has(module)) instances.set(module, new WebAssembly.Instance(module, { env: { memory } }).exports);
  return instances.get(module)[name];
});
const words = new Int32Array(control);
const claims = new BigInt64Array(claim);
const values = new Float64Array(argValues);
const takeChunks = () => { ${TAKE_CHUNKS} };
let seen = 0;
for (;;) {
  // Spin a little before sleeping: a training step calls again within milliseconds.
  const until = performance.now() + ${SPIN_MS};
  while (Atomics.load(words, ${SEQ}) === seen && performance.now() < until);
  Atomics.wait(words, ${SEQ}, seen);
  seen = Atomics.load(words, ${SEQ});
  if (seen < 0) break;
  takeChunks();
}
`;

type Export = (...args: number[]) => void;
type TakeChunks = (words: Int32Array, claims: BigInt64Array, values: Float64Array, fns: Export[], thread: number) => void;
// The protocol's one implementation, shared with the workers' source.
const takeChunks = new Function('words', 'claims', 'values', 'fns', 'thread', TAKE_CHUNKS) as TakeChunks;

export class KernelPool {
  private readonly words = new Int32Array(new SharedArrayBuffer(4 * WORDS));
  private readonly claims = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly values = new Float64Array(new SharedArrayBuffer(8 * MAX_ARGS));
  private readonly workers: Worker[] = [];
  private call = 0;

  /** `threads` counts the calling thread: threads - 1 workers are started, each instantiating `kernels` on `memory`. */
  constructor(memory: object, readonly kernels: readonly PoolKernel[], readonly threads: number) {
    for (let thread = 1; thread < threads; thread++) {
      const workerData = { memory, kernels, control: this.words.buffer, claim: this.claims.buffer, argValues: this.values.buffer, thread };
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      // A worker that cannot start (or dies) only leaves its chunks to the others: the calling
      // thread claims whatever is left, so a call never waits on it.
      worker.on('error', () => undefined);
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Whether the pool's workers have the export `name`. */
  has(name: string): boolean {
    return this.kernels.some((kernel) => kernel.name === name);
  }

  /**
   * Runs the export `name`, `fn` being the calling thread's instance of it, over the whole of
   * `range`: its two range arguments are set per chunk, and `work`'s argument per thread.
   */
  run(name: string, fn: Export, args: number[], range: PoolRange, work?: PoolWork): void {
    const kernel = this.kernels.findIndex((k) => k.name === name);
    if (kernel < 0) throw new Error(`the kernel pool has no ${name} export`);
    if (args.length > MAX_ARGS) throw new Error(`a pooled kernel takes at most ${MAX_ARGS} arguments`);
    const grains = Math.ceil(range.total / range.grain);
    const chunkSize = range.grain * Math.ceil(grains / (this.threads * CHUNKS_PER_THREAD));
    const chunks = Math.ceil(range.total / chunkSize);
    if (chunks === 0) return;
    const w = this.words;
    this.call = (this.call % 0x7fffffff) + 1;
    const call = BigInt(this.call) << 16n;
    Atomics.store(this.claims, 0, call | CLOSED);
    Atomics.store(w, CHUNKS, chunks);
    Atomics.store(w, CHUNK_SIZE, chunkSize);
    Atomics.store(w, TOTAL, range.total);
    Atomics.store(w, KERNEL, kernel);
    Atomics.store(w, ARG_COUNT, args.length);
    Atomics.store(w, RANGE_AT, range.at);
    Atomics.store(w, WORK_AT, work?.at ?? -1);
    Atomics.store(w, WORK_STRIDE, work?.stride ?? 0);
    // Plain writes, published by the atomic stores below (Atomics order every access before them).
    this.values.set(args);
    Atomics.store(w, DONE, 0);
    Atomics.store(w, FAILED, 0);
    Atomics.store(this.claims, 0, call);
    Atomics.store(w, SEQ, this.call);
    Atomics.notify(w, SEQ);
    const fns: Export[] = [];
    fns[kernel] = fn;
    try {
      takeChunks(w, this.claims, this.values, fns, 0);
    } finally {
      // Chunks other threads took may still run.
      const until = performance.now() + SPIN_MS;
      while (Atomics.load(w, DONE) < chunks && performance.now() < until);
      for (let done = Atomics.load(w, DONE); done < chunks; done = Atomics.load(w, DONE)) Atomics.wait(w, DONE, done);
    }
    const failed = Atomics.load(w, FAILED);
    if (failed > 0) throw new Error(`tlnb's ${name} kernel failed on ${failed} of ${chunks} parts of a call over ${range.total} (a WebAssembly trap)`);
  }

  /** Stops the workers (they also stop with the process). */
  close(): void {
    Atomics.store(this.words, SEQ, -1);
    Atomics.notify(this.words, SEQ);
  }
}

/** The exports a backend's pool runs; the relaxed-SIMD ones only where the engine has relaxed SIMD. */
const POOLED_EXPORTS: Array<{ module: SimdModule; name: string; relaxedSimd: boolean }> = [
  { module: gemmWasm, name: 'gemm', relaxedSimd: true },
  { module: gemmWasm, name: 'packB', relaxedSimd: true },
  { module: adamUpdateWasm, name: 'adamUpdate', relaxedSimd: false },
];

/** Threads per threaded backend (set by threadedBackend.ts); 1 when absent. */
const threadsOf = new WeakMap<BackendWasm, number>();
const pools = new WeakMap<BackendWasm, KernelPool>();

/** Lets the project's kernels split their work over `threads` threads on this (threaded) backend. */
export function useKernelThreads(backend: BackendWasm, threads: number): void {
  threadsOf.set(backend, threads);
}

/**
 * The backend's pool, started on first use, or undefined where its kernels run on one thread
 * (the one-thread build, whose heap is not shared, or a threaded backend asked for 1 thread).
 */
export function backendPool(backend: BackendWasm): KernelPool | undefined {
  const threads = threadsOf.get(backend) ?? 1;
  if (threads < 2) return undefined;
  let pool = pools.get(backend);
  if (pool === undefined) {
    const relaxedSimd = relaxedSimdUnavailable() === undefined;
    const pooled = POOLED_EXPORTS.filter((kernel) => relaxedSimd || !kernel.relaxedSimd);
    const instances = pooled.map(({ module }) => simdInstance(backend, module));
    if (!instances.every((instance) => instance.shared)) return undefined;
    const kernels = pooled.map(({ name }, i) => ({ module: instances[i]!.module, name }));
    pools.set(backend, (pool = new KernelPool(instances[0]!.memory, kernels, threads)));
  }
  return pool;
}
