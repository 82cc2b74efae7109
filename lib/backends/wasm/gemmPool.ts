// Threads for the project's own product kernel (simd/gemm.wat) on the threaded wasm backend.
//
// The threaded build's heap is a shared WebAssembly.Memory, so a worker thread can instantiate
// the kernel on the same heap and compute some rows of C while the calling thread computes
// others: nothing is copied, the operands and the result stay tensors on the heap. XNNPACK's own
// pool (Emscripten pthreads) cannot run a function of ours, hence this small pool of its own.
//
// Each call is synchronous, as a tfjs kernel must be. The rows are cut into chunks (a few per
// thread) that every thread claims one at a time from a shared counter, the calling thread
// included: a worker that wakes late (waking a sleeping thread can take milliseconds on a busy or
// virtual machine) finds the chunks done and goes back to sleep, instead of holding the call up.
// Both sides poll for SPIN_MS before sleeping in Atomics.wait. Workers are unref'd: they never
// keep the process alive.

import { Worker } from 'node:worker_threads';

/** The gemm export's arguments (simd/gemm.wat): 12 int32 byte offsets, strides and sizes. */
export type GemmArgs = [a: number, rsA: number, csA: number, i0: number, i1: number, k: number, bp: number, n: number, kc: number, c: number, ldc: number, work: number];

// The control block, int32 words.
const SEQ = 0; // the call's number, 1…2³¹−1 (-1: stop)
const DONE = 1; // chunks finished
const FAILED = 2; // chunks that threw
const CHUNKS = 3;
const CHUNK_ROWS = 4;
const ROWS = 5;
const WORK_STRIDE = 6; // bytes between two threads' work areas
const ARGS = 7; // GemmArgs, i0 and i1 per chunk, work of thread 0
const WORDS = ARGS + 12;
// The claim, in a 64-bit word of its own: (call number << 16) | next chunk to take. With the
// whole call number in it, a thread paused between reading a call's arguments and claiming cannot
// claim a later call's chunk unless 2³¹ calls went by.
/** A chunk number beyond every call's chunks: the claim is closed while a call is set up. */
const CLOSED = 0xffffn;
/** How long a thread polls before sleeping: a worker after its last chunk, the caller for the others. */
const SPIN_MS = 1;
/** Chunks per thread: enough that a late thread costs little, few enough that B is read few times. */
const CHUNKS_PER_THREAD = 4;

// Claims and computes chunks of the current call until none is left; the same code on every
// thread (the workers get it as source, the caller through new Function), so that the protocol
// has one implementation. The arguments are read before the claim, and the caller closes the
// claim before writing them: a thread holding a claim has read that call's arguments.
const TAKE_CHUNKS = `
for (;;) {
  const call = Atomics.load(words, ${SEQ});
  const chunks = Atomics.load(words, ${CHUNKS});
  const chunkRows = Atomics.load(words, ${CHUNK_ROWS});
  const rows = Atomics.load(words, ${ROWS});
  const stride = Atomics.load(words, ${WORK_STRIDE});
  const args = [];
  for (let i = 0; i < 12; i++) args.push(Atomics.load(words, ${ARGS} + i));
  const claim = Atomics.load(claims, 0);
  const next = Number(claim & 0xffffn);
  if (call < 0 || claim >> 16n !== BigInt(call) || next >= chunks) return;
  if (Atomics.compareExchange(claims, 0, claim, claim + 1n) !== claim) continue;
  args[3] = next * chunkRows;
  args[4] = Math.min(rows, args[3] + chunkRows);
  args[11] += thread * stride;
  try {
    gemm(...args);
  } catch {
    Atomics.add(words, ${FAILED}, 1);
  }
  if (Atomics.add(words, ${DONE}, 1) + 1 === chunks) Atomics.notify(words, ${DONE});
}
`;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, module, control, claim, thread } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const words = new Int32Array(control);
const claims = new BigInt64Array(claim);
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

type TakeChunks = (words: Int32Array, claims: BigInt64Array, gemm: (...args: GemmArgs) => void, thread: number) => void;
// The protocol's one implementation, shared with the workers' source.
const takeChunks = new Function('words', 'claims', 'gemm', 'thread', TAKE_CHUNKS) as TakeChunks;

export class GemmPool {
  private readonly words = new Int32Array(new SharedArrayBuffer(4 * WORDS));
  private readonly claims = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly workers: Worker[] = [];
  private call = 0;

  /** `threads` counts the calling thread: threads - 1 workers are started. */
  constructor(memory: object, module: object, readonly threads: number) {
    for (let thread = 1; thread < threads; thread++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, module, control: this.words.buffer, claim: this.claims.buffer, thread } });
      // A worker that cannot start (or dies) only leaves its chunks to the others: the calling
      // thread claims whatever is left, so a call never waits on it.
      worker.on('error', () => undefined);
      worker.unref();
      this.workers.push(worker);
    }
  }

  /**
   * Runs rows [0, rows) of one product: `args` as gemm takes them, i0 and i1 set per chunk, `work`
   * the calling thread's area (thread t uses work + t·workStride). `gemm` is the caller's instance.
   */
  run(rows: number, args: GemmArgs, workStride: number, gemm: (...args: GemmArgs) => void): void {
    const tiles = Math.ceil(rows / 4);
    const chunkRows = 4 * Math.ceil(tiles / (this.threads * CHUNKS_PER_THREAD));
    const chunks = Math.ceil(rows / chunkRows);
    const w = this.words;
    this.call = (this.call % 0x7fffffff) + 1;
    const call = BigInt(this.call) << 16n;
    Atomics.store(this.claims, 0, call | CLOSED);
    Atomics.store(w, CHUNKS, chunks);
    Atomics.store(w, CHUNK_ROWS, chunkRows);
    Atomics.store(w, ROWS, rows);
    Atomics.store(w, WORK_STRIDE, workStride);
    args.forEach((value, i) => Atomics.store(w, ARGS + i, value));
    Atomics.store(w, DONE, 0);
    Atomics.store(w, FAILED, 0);
    Atomics.store(this.claims, 0, call);
    Atomics.store(w, SEQ, this.call);
    Atomics.notify(w, SEQ);
    try {
      takeChunks(w, this.claims, gemm, 0);
    } finally {
      // Chunks other threads took may still run.
      const until = performance.now() + SPIN_MS;
      while (Atomics.load(w, DONE) < chunks && performance.now() < until);
      for (let done = Atomics.load(w, DONE); done < chunks; done = Atomics.load(w, DONE)) Atomics.wait(w, DONE, done);
    }
    const failed = Atomics.load(w, FAILED);
    if (failed > 0) throw new Error(`tlnb's product kernel failed on ${failed} of ${chunks} parts of a ${rows}-row product (a WebAssembly trap; TLNB_WASM_RELAXED_SIMD=0 runs products on XNNPACK instead)`);
  }

  /** Stops the workers (they also stop with the process). */
  close(): void {
    Atomics.store(this.words, SEQ, -1);
    Atomics.notify(this.words, SEQ);
  }
}
