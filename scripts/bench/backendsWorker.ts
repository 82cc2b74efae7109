// One measurement of `npm run bench:backends`, in its own process as a notebook kernel would
// be: pins a rung, trains one epoch of one model on real MNIST, prints a JSON line.
//   node --import tsx scripts/bench/backendsWorker.ts <rung> <mlp|cnn> <samples>

import { initBackend, PinnedBackendError, type BackendName } from '../../kernel/backends';
import { loadMnistTrain } from './mnistIdx';
import { buildModel, type BenchModel } from './models';

const BATCH = 128;
const WARMUP_SAMPLES = 2 * BATCH;

async function main(): Promise<void> {
  const [rung, kind, samplesArg] = process.argv.slice(2) as [BackendName, BenchModel, string];
  const samples = Number(samplesArg);
  let init;
  try {
    init = await initBackend({ preference: rung, searchPaths: [process.cwd()] });
  } catch (error) {
    if (!(error instanceof PinnedBackendError)) throw error;
    print({ rung, model: kind, skipped: error.reason });
    return;
  }
  const { tf, report } = init;
  const { images, labels } = loadMnistTrain(Math.max(samples, WARMUP_SAMPLES));
  const shape = kind === 'mlp' ? [784] : [28, 28, 1];
  const x = tf.tensor(images, [labels.length, ...shape]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const model = buildModel(tf, kind);
  // Not timed: the first batches compile kernels and size the heap.
  await model.fit(x.slice(0, WARMUP_SAMPLES), y.slice(0, WARMUP_SAMPLES), { batchSize: BATCH, epochs: 1, verbose: 0 });
  const xs = x.slice(0, samples);
  const ys = y.slice(0, samples);
  const started = performance.now();
  const history = await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: true });
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

function print(result: object): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
