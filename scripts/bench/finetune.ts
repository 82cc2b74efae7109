// Training throughput of the fine-tune (finetune.train: progress callback, cancel check, NaN check,
// early-stopping bookkeeping) against the same training written as a notebook cell would
// (model.compile + model.fit), on the same backend, model, data and settings, in the same run.
// Runs alternate (tuned, plain, tuned, plain, …) so that drift on a shared machine hits both.
//   npm run bench:finetune [-- --backend wasm|cpu] [--rounds 8] [--count 30000]
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../../lib/data/mnist';
import { fileModelIO } from '../../lib/models/fileModelIO';
import { activateBackend } from '../../lib/finetune/training/backend';
import { loadBaseModel } from '../../lib/finetune/model/baseModel';
import type { Dataset } from '../../lib/finetune/data/dataset';
import { prepareModel } from '../../lib/finetune/model/prepareModel';
import { splitDataset } from '../../lib/finetune/data/split';
import { resolveSettings, type Strategy } from '../../lib/finetune/model/strategy';
import { trainModel } from '../../lib/finetune/training/train';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, rounds: { type: 'string', default: '8' }, count: { type: 'string', default: '30000' } } });
const rounds = Number(values.rounds);
const count = Number(values.count);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const backend = await activateBackend(values.backend);
  const mnist = loadMnist({ count });
  const dataset: Dataset = {
    xs: mnist.xs,
    classIds: Int32Array.from(mnist.classIds.dataSync()),
    classNames: mnist.digits.map(String),
    featureShape: [28, 28, 1],
    source: { format: 'folder', path: 'mnist' },
    description: `MNIST ${count}`,
    describeExample: (i) => `example ${i}`,
    notes: [],
  };
  // The seeds' MLP (784-512-10), saved and loaded back as a base model would be.
  const folder = mkdtempSync(join(tmpdir(), 'tlnb-bench-finetune-'));
  const mlp = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 512, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
  await mlp.save(fileModelIO(folder));
  const base = await loadBaseModel(folder);
  const split = splitDataset(dataset, 0.2, 42);
  const trainCount = split.train.classIds.length;

  console.log(`fine-tune throughput: tfjs ${tf.version.tfjs}, backend ${backend}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(`MNIST: ${trainCount} training + ${split.validation.classIds.length} validation images, MLP 784-512-10, Adam, batch 32, 1 epoch per run, ${rounds} rounds after a warm-up\n`);

  // Two clocks: wall time, and this process's CPU time (user + system). Training here is single-
  // threaded, so CPU seconds measure the work done even when other processes share the cores and
  // stretch wall time unevenly; the ratio of CPU-time throughputs is the steadier figure.
  const measure = async (run: () => Promise<void>) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run();
    const used = process.cpuUsage(cpu);
    return { wall: trainCount / ((performance.now() - start) / 1000), cpu: trainCount / ((used.user + used.system) / 1e6) };
  };
  const tunedRun = (settings: ReturnType<typeof resolveSettings>) => async () => {
    const prepared = await prepareModel(base, 10, settings);
    let batches = 0;
    // As the CLI and the wizard use it: a progress callback on every batch, a cancel signal.
    await trainModel(prepared.model, split, 10, settings, { onBatch: () => void batches++, signal: new AbortController().signal });
    prepared.model.dispose();
  };
  const plainRun = (settings: ReturnType<typeof resolveSettings>) => async () => {
    const prepared = await prepareModel(base, 10, settings);
    const model = prepared.model;
    // What a notebook cell would write for the same training.
    const ys = tf.oneHot(tf.tensor1d(split.train.classIds, 'int32'), 10).toFloat();
    const valYs = tf.oneHot(tf.tensor1d(split.validation.classIds, 'int32'), 10).toFloat();
    model.compile({ optimizer: tf.train.adam(settings.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(split.train.xs, ys, { epochs: 1, batchSize: settings.batchSize, validationData: [split.validation.xs, valYs], shuffle: true, verbose: 0 });
    tf.dispose([ys, valYs]);
    model.dispose();
  };

  const results: string[] = [];
  for (const strategy of ['all', 'head'] as Strategy[]) {
    const settings = { ...resolveSettings({ strategy }), epochs: 1, patience: 0 };
    const tuned: Array<{ wall: number; cpu: number }> = [];
    const plain: Array<{ wall: number; cpu: number }> = [];
    await measure(plainRun(settings)); // warm-up: first-use costs (kernel setup, memory growth) go to neither side
    for (let round = 0; round < rounds; round++) {
      // ABBA order, so that a slow start or end of a round does not favour one side.
      if (round % 2 === 0) {
        tuned.push(await measure(tunedRun(settings)));
        plain.push(await measure(plainRun(settings)));
      } else {
        plain.push(await measure(plainRun(settings)));
        tuned.push(await measure(tunedRun(settings)));
      }
      const t = tuned.at(-1)!;
      const p = plain.at(-1)!;
      console.log(`${strategy.padEnd(4)} round ${round + 1}: finetune.train ${t.wall.toFixed(0)} (${t.cpu.toFixed(0)} per CPU-s), plain model.fit ${p.wall.toFixed(0)} (${p.cpu.toFixed(0)} per CPU-s) samples/s`);
    }
    const m = (xs: Array<{ wall: number; cpu: number }>, key: 'wall' | 'cpu') => median(xs.map((x) => x[key]));
    results.push(
      `${strategy.padEnd(4)} median samples/s: finetune.train ${m(tuned, 'wall').toFixed(0)} wall, ${m(tuned, 'cpu').toFixed(0)} per CPU-s; ` +
        `plain model.fit ${m(plain, 'wall').toFixed(0)} wall, ${m(plain, 'cpu').toFixed(0)} per CPU-s; ` +
        `ratio ${(m(tuned, 'wall') / m(plain, 'wall')).toFixed(3)} wall, ${(m(tuned, 'cpu') / m(plain, 'cpu')).toFixed(3)} CPU (goal ≥ 0.95)`,
    );
  }
  console.log(`\n${results.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
