// One measurement of `npm run bench:gpu`, in its own process as a notebook kernel would be: pins a
// rung, builds one workload of scripts/bench/gpuWorkloads.ts on synthetic data and prints a
// `RESULT {json}` line. Training: one epoch after a warm-up, `model.fit` (tfjs's fit reads no value
// per batch; the PyTorch reference calls loss.item() every batch, a sync per step tfjs does not pay);
// the epoch is sized from the warm-up's step time to take about <seconds>. matMul: products of
// two random n x n float32 matrices, back to back, GFLOP/s.
//   node --import tsx scripts/bench/gpuWorker.ts <rung> <spec> <batch> <seconds>

import type * as tfjs from '@tensorflow/tfjs';
import type { BackendName } from '../../common/backends';
import { initBackend, PinnedBackendError, type InitialisedBackend } from '../../lib/backends';
import { parseSpec } from './gpuWorkloads';
import { specModel } from './models';

/** The largest synthetic training set, in bytes of float32 inputs (it lives on the device). */
const MAX_DATA_BYTES = 256 * 2 ** 20;

function print(result: object): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** Uniform [0, 1) values from a fixed-seed generator, so every engine sees data of the same kind. */
function synthetic(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 32;
  }
  return values;
}

function gpuBytesHeld(tf: typeof tfjs): number | undefined {
  const held: unknown = Reflect.get(tf.memory(), 'numBytesAllocatedInGPU');
  return typeof held === 'number' ? held : undefined;
}

async function main(): Promise<void> {
  const [rung, specText, batchArg, secondsArg] = process.argv.slice(2) as [BackendName, string, string, string];
  const spec = parseSpec(specText);
  const batch = Number(batchArg);
  const seconds = Number(secondsArg);
  let init: InitialisedBackend;
  try {
    init = await initBackend({ preference: rung, searchPaths: [process.cwd()] });
  } catch (error) {
    if (!(error instanceof PinnedBackendError)) throw error;
    print({ engine: rung, spec: specText, skipped: error.reason });
    return;
  }
  const { tf, report } = init;
  const detail = report.rungs.at(-1)?.detail;
  if (spec.kind === 'matmul') {
    const n = spec.n;
    const a = tf.tensor2d(synthetic(n * n, 1), [n, n]);
    const b = tf.tensor2d(synthetic(n * n, 2), [n, n]);
    const product = async (reps: number) => {
      const started = performance.now();
      let last: tfjs.Tensor | undefined;
      for (let i = 0; i < reps; i++) {
        last?.dispose();
        last = tf.matMul(a, b);
      }
      await last!.data();
      last!.dispose();
      return (performance.now() - started) / 1000;
    };
    await product(2); // compiles the kernel
    const once = await product(1);
    const reps = Math.max(3, Math.min(500, Math.round(seconds / once)));
    const took = await product(reps);
    const gflops = (2 * n ** 3 * reps) / took / 1e9;
    print({ engine: rung, spec: specText, detail, reps, seconds: took, gflops, gpuBytesHeld: gpuBytesHeld(tf) });
    return;
  }
  const inputShape = spec.kind === 'mlp' ? [spec.units[0]!] : [28, 28, 1];
  const classes = spec.kind === 'mlp' ? spec.units.at(-1)! : spec.dense.at(-1)!;
  const inputSize = inputShape.reduce((x, y) => x * y, 1);
  const model = specModel(tf, spec);
  const dataset = (count: number, seed: number) => {
    const labels = Int32Array.from(synthetic(count, seed + 1), (v) => Math.floor(v * classes));
    return { x: tf.tensor(synthetic(count * inputSize, seed), [count, ...inputShape]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), classes) };
  };
  // Not timed: the first fit compiles kernels and sizes the heap; the second times a step.
  const warm = dataset(2 * batch, 7);
  const fit = (x: tfjs.Tensor, y: tfjs.Tensor) => model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0, shuffle: true });
  try {
    await fit(warm.x, warm.y);
  } catch (error) {
    print({ engine: rung, spec: specText, skipped: `training failed: ${String(error instanceof Error ? error.message : error).split('\n')[0]}` });
    return;
  }
  const calibrationStart = performance.now();
  await fit(warm.x, warm.y);
  const stepSeconds = (performance.now() - calibrationStart) / 1000 / 2;
  const maxSteps = Math.max(3, Math.floor(MAX_DATA_BYTES / (4 * inputSize * batch)));
  const steps = Math.max(3, Math.min(1000, maxSteps, Math.round(seconds / stepSeconds)));
  const samples = steps * batch;
  const { x, y } = dataset(samples, 11);
  const started = performance.now();
  const history = await fit(x, y);
  const took = (performance.now() - started) / 1000;
  print({
    engine: rung,
    spec: specText,
    detail,
    batch,
    samples,
    seconds: took,
    samplesPerSec: samples / took,
    stepMs: (took / steps) * 1000,
    loss: history.history['loss']![0],
    gpuBytesHeld: gpuBytesHeld(tf),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
