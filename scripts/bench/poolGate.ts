// npm run bench:pool-gate [-- --threads 2 --calls 200]
//
// Where the threaded wasm build's pool starts to pay (lib/backends/wasm/poolGate.ts's thresholds):
// times single kernel calls of growing size on N threads, once with every kernel on XNNPACK's pool
// (TLNB_WASM_POOL_MIN_WORK=0, as tfjs ships the build) and once with every kernel on the calling
// thread (the gate's threshold set above any size), each in its own process. Kernels: a
// [rows,k]·[k,n] product (work: multiply-adds) and element-wise Add, Multiply with a broadcast
// column, and Relu (work: input elements). Calls alternate with a few ms of other work, as in a
// training step, so the pool's workers have gone to sleep as they do between a step's kernels.
// Then tlnb's own pool (lib/backends/wasm/kernelPool.ts) against one thread for the fused Adam
// update (adamUpdate.ts's MIN_POOL_ELEMENTS), on a shared memory of its own, same spacing.

import { cpus, loadavg } from 'node:os';
import { errorStack } from '../../common/guards';
import { KernelPool } from '../../lib/backends/wasm/kernelPool';
import * as adamUpdateWasm from '../../lib/backends/wasm/simd/adamUpdate.generated';
import { failureTail, option, parseResult, runProcess } from './engines';

interface Case {
  kernel: string;
  shape: string;
  work: number;
  /** ms per call, median */
  ms: number;
}

const PRODUCTS: Array<[number, number, number]> = [[128, 64, 10], [128, 512, 10], [128, 128, 128], [128, 256, 256], [128, 512, 256], [128, 784, 512], [256, 1024, 1024]];
const ELEMENTS = [1_280, 16_384, 65_536, 262_144, 1_048_576, 4_194_304];
const ADAM_ELEMENTS = [4_096, 16_384, 65_536, 131_072, 401_408, 1_048_576, 4_194_304];

/** ~2 ms of main-thread work between calls, as the rest of a step would be. */
function busy(): void {
  const until = performance.now() + 2;
  while (performance.now() < until);
}

/** The median time of `calls` calls of `run`, each after busy(); `done` gets each result, untimed. */
function median<T>(run: () => T, calls: number, done: (out: T) => void = () => undefined): number {
  for (let i = 0; i < 5; i++) done(run());
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    busy();
    const start = performance.now();
    const out = run();
    ms.push(performance.now() - start);
    done(out);
  }
  ms.sort((a, b) => a - b);
  return ms[ms.length >> 1]!;
}

/** The fused Adam update of `size` elements: ms per call on `threads` threads (tlnb's pool) and on one. */
function adamCases(threads: number, calls: number): Array<{ size: number; pool: number; one: number }> {
  const largest = Math.max(...ADAM_ELEMENTS);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((7 * 4 * largest + 65_536) / 65_536), maximum: 65_536, shared: true });
  const module = new WebAssembly.Module(Buffer.from(adamUpdateWasm.WASM_SHARED_BASE64, 'base64'));
  const adamUpdate = (new WebAssembly.Instance(module, { env: { memory } }).exports as { adamUpdate(...args: number[]): void }).adamUpdate;
  const pool = new KernelPool(memory, [{ module, name: 'adamUpdate' }], threads);
  new Float32Array(memory.buffer).fill(0.5);
  try {
    return ADAM_ELEMENTS.map((size) => {
      const args = [0, 1, 2, 3, 4, 5, 6].map((array) => 4 * array * largest).concat([0, size, 0.9, 0.1, 0.999, 0.001, 0.5, 0.5, -0.001, 1e-7]);
      return {
        size,
        pool: median(() => pool.run('adamUpdate', adamUpdate, args, { at: 7, total: size, grain: 16 }), calls),
        one: median(() => adamUpdate(...args), calls),
      };
    });
  } finally {
    pool.close();
  }
}

/** In the worker process: times every case on the wasm rung as the environment sets it. */
async function measure(calls: number): Promise<Case[]> {
  const { initBackend } = await import('../../lib/backends');
  const { tf } = await initBackend({ preference: 'wasm', searchPaths: [process.cwd()] });
  const time = (run: () => unknown): number => median(run, calls, (out) => tf.dispose(out as never));
  const cases: Case[] = [];
  for (const [m, k, n] of PRODUCTS) {
    const a = tf.randomNormal([m, k]);
    const b = tf.randomNormal([k, n]);
    cases.push({ kernel: 'BatchMatMul', shape: `[${m},${k}]·[${k},${n}]`, work: m * k * n, ms: time(() => tf.matMul(a, b)) });
    tf.dispose([a, b]);
  }
  for (const size of ELEMENTS) {
    const cols = size >= 16_384 ? 1024 : 10;
    const rows = size / cols;
    const x = tf.randomNormal([rows, cols]);
    const y = tf.randomNormal([rows, cols]);
    const column = tf.randomNormal([rows, 1]);
    cases.push({ kernel: 'Add', shape: `[${rows},${cols}]`, work: 2 * size, ms: time(() => tf.add(x, y)) });
    cases.push({ kernel: 'Multiply (broadcast)', shape: `[${rows},${cols}]·[${rows},1]`, work: size + rows, ms: time(() => tf.mul(x, column)) });
    cases.push({ kernel: 'Relu', shape: `[${rows},${cols}]`, work: size, ms: time(() => tf.relu(x)) });
    tf.dispose([x, y, column]);
  }
  return cases;
}

async function main(): Promise<void> {
  const calls = Number(option('calls', '200'));
  if (process.argv[2] === 'worker') {
    process.stdout.write(`RESULT ${JSON.stringify(await measure(calls))}\n`);
    return;
  }
  const threads = option('threads', '2');
  const cpu = cpus();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`wasm rung on ${threads} threads; median of ${calls} calls per case, ~2 ms of other work between calls\n`);
  const results: Case[][] = [];
  for (const [label, minWork] of [['on the pool', '0'], ['calling thread', String(Number.MAX_SAFE_INTEGER)]] as const) {
    const out = await runProcess(process.execPath, ['--import', 'tsx', __filename, 'worker', '--calls', String(calls)], 20 * 60_000, {
      ...process.env,
      TLNB_WASM_THREADS: threads,
      TLNB_WASM_POOL_MIN_WORK: minWork,
    });
    const cases = parseResult<Case[]>(out.stdout);
    if (cases === undefined) throw new Error(`the run with every kernel ${label} failed: ${failureTail(out)}`);
    results.push(cases);
  }
  console.log('kernel | shape | work (MACs or elements) | ms, pool | ms, calling thread | pool pays');
  results[0]!.forEach((pool, i) => {
    const own = results[1]![i]!;
    console.log(`${pool.kernel} | ${pool.shape} | ${pool.work.toLocaleString('en-US')} | ${pool.ms.toFixed(3)} | ${own.ms.toFixed(3)} | ${pool.ms < own.ms ? 'yes' : 'no'}`);
  });
  console.log(`\ntlnb's own pool (kernelPool.ts), fused Adam update, ${threads} threads against one\nelements | ms, pool | ms, calling thread | pool pays`);
  for (const { size, pool, one } of adamCases(Number(threads), calls)) {
    console.log(`${size.toLocaleString('en-US')} | ${pool.toFixed(3)} | ${one.toFixed(3)} | ${pool < one ? 'yes' : 'no'}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorStack(error)}\n`);
  process.exit(1);
});
