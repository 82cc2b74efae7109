// Threads for the project's own product kernel (simd/gemm.wat) on the threaded wasm backend.
//
// The threaded build's heap is a shared WebAssembly.Memory, so a worker thread can instantiate
// the kernel on the same heap and compute some rows of C while the calling thread computes the
// rest: nothing is copied, the operands and the result stay tensors on the heap. XNNPACK's own
// pool (Emscripten pthreads) cannot run a function of ours, hence this small pool of its own.
//
// Each call is synchronous, as a tfjs kernel must be: the calling thread posts the rows of every
// worker through a shared control block, wakes them (Atomics.notify), runs its own rows, then
// blocks on Atomics.wait until all have finished. Workers are unref'd: they never keep the process
// alive, and they sleep in Atomics.wait between calls.

import { Worker } from 'node:worker_threads';

/** The gemm export's arguments (simd/gemm.wat): 12 int32 byte offsets, strides and sizes. */
export type GemmArgs = [a: number, rsA: number, csA: number, i0: number, i1: number, k: number, bp: number, n: number, kc: number, c: number, ldc: number, work: number];
const ARGS = 12;

// The control block: [0] the call's sequence number (-1: stop), [1] workers finished,
// [2] workers that failed, then one slot of ARGS words per worker.
const SEQ = 0;
const DONE = 1;
const FAILED = 2;
const SLOTS = 4;

// Runs in each worker: instantiate the kernel on the shared heap, then run the rows it is given
// whenever the sequence number moves. Plain JavaScript, started with `eval`, so that it needs no
// file next to the bundle.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, module, control, slot } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const words = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(words, ${SEQ}, seen);
  seen = Atomics.load(words, ${SEQ});
  if (seen < 0) break;
  try {
    gemm(...words.subarray(slot, slot + ${ARGS}));
  } catch {
    Atomics.add(words, ${FAILED}, 1);
  }
  Atomics.add(words, ${DONE}, 1);
  Atomics.notify(words, ${DONE});
}
`;

export class GemmPool {
  private readonly words: Int32Array;
  private readonly workers: Worker[] = [];
  private sequence = 0;

  /** `threads` counts the calling thread: threads - 1 workers are started. */
  constructor(memory: object, module: object, readonly threads: number) {
    this.words = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + ARGS * threads)));
    for (let w = 1; w < threads; w++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { memory, module, control: this.words.buffer, slot: SLOTS + ARGS * w },
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /**
   * Runs rows [0, m) of the product, split in multiples of 4 rows (the kernel's tile) over the
   * calling thread and the workers; `run` computes the calling thread's share.
   */
  run(m: number, args: (i0: number, i1: number, thread: number) => GemmArgs, runHere: (a: GemmArgs) => void): void {
    const tiles = Math.ceil(m / 4);
    const parts = Math.min(this.threads, tiles);
    const bounds = Array.from({ length: parts + 1 }, (_, t) => Math.min(m, 4 * Math.round((tiles * t) / parts)));
    if (parts === 1) {
      runHere(args(0, m, 0));
      return;
    }
    Atomics.store(this.words, DONE, 0);
    Atomics.store(this.words, FAILED, 0);
    for (let w = 1; w < parts; w++) this.words.set(args(bounds[w]!, bounds[w + 1]!, w), SLOTS + ARGS * w);
    // Workers beyond `parts` get an empty range.
    for (let w = parts; w < this.threads; w++) this.words.set(args(0, 0, w), SLOTS + ARGS * w);
    this.sequence = this.sequence >= 0x3fffffff ? 1 : this.sequence + 1;
    Atomics.store(this.words, SEQ, this.sequence);
    Atomics.notify(this.words, SEQ);
    try {
      runHere(args(bounds[0]!, bounds[1]!, 0));
    } finally {
      const workers = this.threads - 1;
      for (let done = Atomics.load(this.words, DONE); done < workers; done = Atomics.load(this.words, DONE)) {
        Atomics.wait(this.words, DONE, done);
      }
    }
    if (Atomics.load(this.words, FAILED) > 0) throw new Error('the product kernel failed on a worker thread');
  }

  /** Stops the workers (they also stop with the process). */
  close(): void {
    Atomics.store(this.words, SEQ, -1);
    Atomics.notify(this.words, SEQ);
  }
}
