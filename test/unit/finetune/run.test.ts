// Whole fine-tune runs on small CSV data: what is saved, what is never touched or left behind.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { parseNotebook } from '../../../common/format';
import { MIME } from '../../../common/outputs';
import { loadCsvDataset } from '../../../lib/finetune/data/csvSource';
import { FinetuneError } from '../../../lib/finetune/errors';
import { splitDataset } from '../../../lib/finetune/data/split';
import { runFinetune } from '../../../lib/finetune/run';
import { clusterCsv, hashFolder, saveMlp, tempDir, writeFile } from './fixtures';

const dir = tempDir('run');
const csv = writeFile(join(dir, 'data', 'clusters.csv'), clusterCsv(40));
const baseFolder = join(dir, 'models', 'base');
const ready = saveMlp(baseFolder, [4], 16, 3);

/** Everything in the data folder except the data itself: what a run left there. */
const leftovers = () => readdirSync(dirname(csv)).filter((n) => n !== 'clusters.csv');

test('a run saves the model and a report to a new folder beside the data and leaves the base model untouched', async () => {
  await ready;
  const before = hashFolder(baseFolder);
  const messages: string[] = [];
  const outcome = await runFinetune({ model: baseFolder, data: { path: csv }, settings: { strategy: 'all', learningRate: 0.01, epochs: 6, batchSize: 16 } }, { onMessage: (m) => messages.push(m) });
  assert.equal(outcome.outDir, join(dir, 'data', 'clusters-finetuned-1'));
  assert.deepEqual(readdirSync(outcome.outDir!).sort(), ['finetune-report.tlnb', 'model.json', 'weights.bin']);
  assert.deepEqual(hashFolder(baseFolder), before, 'the base model folder is byte-for-byte unchanged');
  assert.ok(outcome.afterAccuracy! > 0.9, `clusters are easy: accuracy ${outcome.afterAccuracy}`);
  assert.deepEqual(outcome.classNames, ['a', 'b', 'c']);
  assert.match(messages.join('\n'), /3 classes: a \(40\), b \(40\), c \(40\)/);
  const saved = JSON.parse(readFileSync(join(outcome.outDir!, 'model.json'), 'utf8'));
  assert.deepEqual(saved.userDefinedMetadata.tlnb.classNames, ['a', 'b', 'c']);
  assert.equal(saved.userDefinedMetadata.tlnb.finetunedFrom, join(baseFolder, 'model.json'));
  outcome.model!.dispose();

  const second = await runFinetune({ model: baseFolder, data: { path: csv }, settings: { epochs: 1 } });
  assert.equal(second.outDir, join(dir, 'data', 'clusters-finetuned-2'), 'a second run never reuses the first one\'s folder');
  second.model!.dispose();
  assert.deepEqual(leftovers().sort(), ['clusters-finetuned-1', 'clusters-finetuned-2'], 'no temporary folders are left');
});

test('cancelling stops at the next batch and leaves no output folder', async () => {
  await ready;
  const tensors = tf.memory().numTensors;
  const out = join(dir, 'data', 'cancelled');
  const controller = new AbortController();
  const batches: number[] = [];
  const outcome = await runFinetune(
    { model: baseFolder, data: { path: csv }, out, settings: { epochs: 50, batchSize: 8 } },
    {
      signal: controller.signal,
      onBatch: (p) => {
        batches.push(p.batch);
        if (p.batch === 3) controller.abort();
      },
    },
  );
  assert.equal(outcome.status, 'cancelled');
  assert.match(outcome.message, /cancelled at epoch 1, batch 4; nothing was saved/);
  assert.deepEqual(batches, [1, 2, 3], 'the batch after the cancel request is the last one run');
  assert.equal(outcome.train!.run.batches.length, 4);
  assert.equal(existsSync(out), false);
  assert.equal(tf.memory().numTensors, tensors, 'a cancelled run frees every tensor it made');
  assert.ok(!leftovers().some((n) => n.includes('partial') || n === 'cancelled'), `left behind: ${leftovers()}`);
});

test('a NaN loss from a huge learning rate stops training, says so, suggests a lower rate, and saves nothing', async () => {
  await ready;
  const tensors = tf.memory().numTensors;
  const out = join(dir, 'data', 'nan');
  const error = await runFinetune({ model: baseFolder, data: { path: csv }, out, settings: { strategy: 'all', learningRate: 1e30, epochs: 3, batchSize: 8 } }).then(
    () => assert.fail('expected the run to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof FinetuneError);
  assert.equal(error.problem, 'nan-loss');
  assert.match(error.message, /the loss became (NaN|Infinity) at epoch 1, batch \d+, with learning rate 1e\+30/);
  assert.match(error.message, /Nothing was saved\n  how to fix: run again with a lower learning rate, such as --lr 1e\+29$/);
  assert.equal(existsSync(out), false);
  assert.equal(tf.memory().numTensors, tensors, 'a failed run frees every tensor it made');
});

test('bad input is refused before training: an existing --out folder, an out folder inside the base model, wrong input shape', async () => {
  await ready;
  const before = hashFolder(baseFolder);
  await assert.rejects(runFinetune({ model: baseFolder, data: { path: csv }, out: baseFolder }), /base model's folder or inside it/);
  await assert.rejects(runFinetune({ model: baseFolder, data: { path: csv }, out: dirname(csv) }), /already exists/);
  const wide = await saveMlp(join(dir, 'models', 'wide'), [7], 4, 3);
  await assert.rejects(
    runFinetune({ model: wide, data: { path: csv } }),
    (e: unknown) => e instanceof FinetuneError && e.problem === 'input-shape' && /takes examples of shape \[7\] \(7 values\), but .*clusters\.csv has examples of shape \[4\] \(4 values\)/.test(e.message),
  );
  assert.deepEqual(hashFolder(baseFolder), before);
});

test('early stopping ends a run whose validation loss stops falling and keeps the best epoch\'s weights', async () => {
  // Random labels: nothing to learn, so the validation loss rises as the model memorises.
  const lines = ['a,b,c,d,e,f,label'];
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 60; i++) lines.push([...Array.from({ length: 6 }, () => random().toFixed(3)), random() < 0.5 ? 'x' : 'y'].join(','));
  const noise = writeFile(join(dir, 'noise', 'noise.csv'), lines.join('\n'));
  const base = await saveMlp(join(dir, 'models', 'noise-base'), [6], 64, 2);
  const outcome = await runFinetune({ model: base, data: { path: noise }, settings: { strategy: 'all', learningRate: 0.05, epochs: 40, batchSize: 8, patience: 2, validation: 0.3 } });
  assert.equal(outcome.status, 'early-stopped');
  const train = outcome.train!;
  assert.ok(train.epochsRun < 40 && train.bestEpoch! <= train.epochsRun - 2, `ran ${train.epochsRun}, best ${train.bestEpoch}`);
  assert.match(train.message, new RegExp(`has not improved for 2 epochs since epoch ${train.bestEpoch}; the weights of epoch ${train.bestEpoch} \\(lowest validation loss\\) were kept`));
  // The returned model has the best epoch's weights: on the same (seeded) validation split it
  // gives the best epoch's validation loss, not the last epoch's higher one.
  const bestLoss = train.run.epochEnds[train.bestEpoch! - 1]!.values.val_loss!;
  const lastLoss = train.run.epochEnds[train.epochsRun - 1]!.values.val_loss!;
  assert.ok(lastLoss > bestLoss + 1e-3, `last ${lastLoss}, best ${bestLoss}`);
  const dataset = loadCsvDataset(noise);
  const split = splitDataset(dataset, 0.3, 42);
  const model = outcome.model!;
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  const loss = model.evaluate(split.validation.xs, tf.oneHot(tf.tensor1d(split.validation.classIds, 'int32'), 2).toFloat()) as tf.Scalar;
  assert.ok(Math.abs(loss.dataSync()[0]! - bestLoss) < 1e-4, `restored loss ${loss.dataSync()[0]}, best ${bestLoss}`);
  model.dispose();
});

test('the report notebook parses and holds the run\'s outputs, each with a text/plain fallback', async () => {
  await ready;
  const outcome = await runFinetune({ model: baseFolder, data: { path: csv }, settings: { epochs: 2 } });
  outcome.model!.dispose();
  const notebook = parseNotebook(readFileSync(outcome.reportFile!, 'utf8'));
  const code = notebook.cells.filter((c) => c.kind === 'code');
  assert.match(code[0]!.source, /import \{ display, finetune, models \} from 'tlnb';/);
  assert.match(code[0]!.source, /strategy: "head", layers: 1, epochs: 2, learningRate: 0\.01, batchSize: 32, patience: 3, validation: 0\.2, seed: 42/);
  assert.match(code[1]!.source, new RegExp(`finetune\\.loadBaseModel\\(${JSON.stringify(join(baseFolder, 'model.json')).replace(/[/.]/g, '\\$&')}\\)`));
  const outputs = code.flatMap((c) => c.outputs);
  const text = (item: { data: Uint8Array }) => new TextDecoder().decode(item.data);
  const rich = (mime: string) => outputs.find((o) => o.items.some((i) => i.mime === mime));
  for (const mime of [MIME.training, MIME.confusion]) {
    const output = rich(mime);
    assert.ok(output, `an output of ${mime}`);
    assert.deepEqual(output!.items.map((i) => i.mime), [mime, 'text/plain']);
  }
  const training = JSON.parse(text(rich(MIME.training)!.items[0]!));
  assert.equal(training.version, 1);
  assert.equal(training.runs[0].epochEnds.length, 2);
  assert.ok(training.runs[0].batches.length >= 2);
  const confusion = JSON.parse(text(rich(MIME.confusion)!.items[0]!));
  assert.deepEqual(confusion.labels, ['a', 'b', 'c']);
  assert.equal(confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0), 24, 'a fifth of 120 examples validate');
  assert.match(text(rich(MIME.confusion)!.items[1]!), / {6}a {6}b {6}c recall$/m, 'the text fallback keeps its columns apart');
  const all = outputs.flatMap((o) => o.items.map(text)).join('\n');
  assert.match(all, /validation accuracy before fine-tuning: \d+\.\d%/);
  assert.match(all, /\| after fine-tuning \| \d+\.\d% \|/);
  assert.match(all, /sample validation predictions|\| example \| label \| prediction \|/);
  assert.match(notebook.cells[0]!.source, /tlnb finetune --model .* --data .*clusters\.csv --label-column label --strategy head --epochs 2/);
});
