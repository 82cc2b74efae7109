// One measurement of `npm run bench:backends`, in its own process as a notebook kernel would
// be: pins a rung, trains one epoch of one model on real MNIST, prints a JSON line.
// `wasm-stock` is tfjs-backend-wasm as shipped, without the project's kernels: the baseline.
//   node --import tsx scripts/bench/backendsWorker.ts <rung|wasm-stock> <mlp|cnn|mlp-dense> <samples>

import { errorMessage, errorStack } from '../../common/guards';
import * as tfjs from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../../common/backends';
import { initBackend, PinnedBackendError, type InitialisedBackend } from '../../lib/backends';
import { mnistTensors } from './mnistIdx';
import { buildModel, type BenchModel } from './models';

const BATCH = 128;
const WARMUP_SAMPLES = 2 * BATCH;

async function main(): Promise<void> {
  const [rung, kind, samplesArg] = process.argv.slice(2) as [BackendName | 'wasm-stock', BenchModel, string];
  const samples = Number(samplesArg);
  let init: InitialisedBackend;
  try {
    init = rung === 'wasm-stock' ? await stockWasm() : await initBackend({ preference: rung, searchPaths: [process.cwd()] });
  } catch (error) {
    if (!(error instanceof PinnedBackendError)) throw error;
    print({ rung, model: kind, skipped: error.reason });
    return;
  }
  const { tf, report } = init;
  const { x, y } = mnistTensors(tf, kind, Math.max(samples, WARMUP_SAMPLES));
  const model = buildModel(tf, kind);
  // Not timed: the first batches compile kernels and size the heap.
  try {
    await model.fit(x.slice(0, WARMUP_SAMPLES), y.slice(0, WARMUP_SAMPLES), { batchSize: BATCH, epochs: 1, verbose: 0 });
  } catch (error) {
    print({ rung, model: kind, skipped: `training failed: ${errorMessage(error)}` });
    return;
  }
  const xs = x.slice(0, samples);
  const ys = y.slice(0, samples);
  const started = performance.now();
  let history;
  try {
    history = await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: true });
  } catch (error) {
    print({ rung, model: kind, skipped: `training failed: ${errorMessage(error)}` });
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  print({
    rung,
    model: kind,
    detail: report.rungs.at(-1)?.detail,
    samples,
    seconds,
    samplesPerSec: samples / seconds,
    loss: history.history['loss']![0],
    accuracy: history.history['acc']?.[0] ?? history.history['accuracy']?.[0],
  });
}

/** tfjs-backend-wasm exactly as the package ships it. */
async function stockWasm(): Promise<InitialisedBackend> {
  if (!(await tfjs.setBackend('wasm'))) throw new Error('the stock wasm backend did not start');
  return {
    tf: tfjs,
    report: { active: 'wasm', pinned: true, rungs: [{ name: 'wasm', ok: true, ms: 0, detail: 'tfjs-backend-wasm 4.22 as shipped' }] },
  };
}

function print(result: object): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorStack(error)}\n`);
  process.exit(1);
});
