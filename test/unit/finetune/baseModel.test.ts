import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { fileModelIO } from '../../../lib/models/fileModelIO';
import { checkModelJson, describeModel, loadBaseModel } from '../../../lib/finetune/model/baseModel';
import { FinetuneError } from '../../../lib/finetune/errors';
import { inputFit } from '../../../lib/finetune/model/inputShape';
import { prepareModel } from '../../../lib/finetune/model/prepareModel';
import { saveMlp, tempDir, writeFile } from './fixtures';

const dir = tempDir('model');

async function problem(fn: () => unknown): Promise<FinetuneError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof FinetuneError, `expected a FinetuneError, got ${error}`);
    return error;
  }
  assert.fail('expected an error');
}

test('a graph model, random JSON, broken JSON and a missing model are refused before tfjs sees them', async () => {
  const graph = writeFile(join(dir, 'graph', 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { node: [], versions: {} }, weightsManifest: [] }));
  const graphError = await problem(() => loadBaseModel(graph));
  assert.equal(graphError.problem, 'not-layers-model');
  assert.equal(graphError.file, graph);
  assert.match(graphError.message, /graph model .* holds no layers to train\n  how to fix: fine-tuning needs a layers model/);

  const random = writeFile(join(dir, 'random', 'model.json'), JSON.stringify({ name: 'my data', rows: [1, 2] }));
  assert.match((await problem(() => loadBaseModel(join(dir, 'random')))).message, /not a TensorFlow\.js model\.json: it has no "modelTopology" \(its fields are "name", "rows"\)/);
  assert.equal((await problem(() => loadBaseModel(random))).problem, 'not-layers-model');
  assert.match((await problem(() => checkModelJson([1, 2], 'x'))).message, /it holds a list, not an object/);
  assert.match((await problem(() => checkModelJson({ modelTopology: { a: 1 }, weightsManifest: [] }, 'x'))).message, /not a layers topology/);
  assert.match((await problem(() => checkModelJson({ modelTopology: { class_name: 'Sequential', config: {} } }, 'x'))).message, /no "weightsManifest"/);

  const broken = writeFile(join(dir, 'broken', 'model.json'), '{"modelTopology": ');
  assert.match((await problem(() => loadBaseModel(broken))).message, /not valid JSON/);
  const missing = await problem(() => loadBaseModel(join(dir, 'nowhere')));
  assert.equal(missing.problem, 'model-load');
  assert.match(missing.message, /nowhere\/model\.json: cannot read the model/);
});

test('a saved layers model loads with its input shape and output units', async () => {
  const folder = await saveMlp(join(dir, 'mlp'), [28, 28, 1], 8, 5);
  const base = await loadBaseModel(join(folder, 'model.json'));
  assert.deepEqual(base.inputShape, [28, 28, 1]);
  assert.equal(base.outputUnits, 5);
  assert.equal(base.file, join(folder, 'model.json'));
});

test('data of the wrong shape is refused naming both shapes; same-size data is reshaped', async () => {
  const error = await problem(() => inputFit([10], [28, 28, 1], 'd.csv', 'm/model.json'));
  assert.equal(error.problem, 'input-shape');
  assert.match(error.message, /the model takes examples of shape \[28, 28, 1\] \(784 values\), but d\.csv has examples of shape \[10\] \(10 values\)/);
  assert.match(error.message, /give data with 784 feature columns/);
  assert.equal(inputFit([28, 28], [28, 28, 1], 'd', 'm'), 'reshape');
  assert.equal(inputFit([4], [4], 'd', 'm'), 'same');
  assert.equal(inputFit([4], [null], 'd', 'm'), 'same');
});

test('with a different class count the output layer is replaced, the strategy freezes layers, and the base model is untouched', async () => {
  const folder = await saveMlp(join(dir, 'three'), [6], 4, 3);
  const base = await loadBaseModel(folder);
  const baseWeights = base.model.getWeights().map((w) => Array.from(w.dataSync()));

  const baseline = tf.memory().numTensors;
  const scratch = await prepareModel(base, 5, { strategy: 'head', layers: 1, seed: 1 });
  scratch.model.dispose();
  assert.equal(tf.memory().numTensors, baseline, 'a prepared model, old output layer included, frees all its tensors');
  const head = await prepareModel(base, 5, { strategy: 'head', layers: 1, seed: 1 });
  assert.equal(head.replacedOutput, true);
  assert.deepEqual(head.model.outputs[0]!.shape, [null, 5]);
  assert.deepEqual(head.layers.map((l) => [l.name, l.trainable, l.isNew]), [
    ['hidden', false, false],
    ['finetune_output', true, true],
  ]);
  assert.match(head.notes.join('\n'), /the output layer "output" \(3 classes\) was replaced by a new Dense layer "finetune_output" with 5 units/);
  assert.deepEqual(Array.from(head.model.getLayer('hidden').getWeights()[0]!.dataSync()), baseWeights[0], 'kept layers keep their pretrained weights');
  assert.equal(head.model.trainableWeights.length, 2);

  const all = await prepareModel(base, 3, { strategy: 'all', layers: Infinity, seed: 1 });
  assert.equal(all.replacedOutput, false, 'same class count: the trained output layer is kept');
  assert.deepEqual(all.layers.map((l) => l.trainable), [true, true]);
  const lastOne = await prepareModel(base, 3, { strategy: 'last-n', layers: 1, seed: 1 });
  assert.deepEqual(lastOne.layers.map((l) => l.trainable), [false, true]);

  // Training the copy leaves the base model's weights as they were.
  all.model.compile({ optimizer: tf.train.sgd(1), loss: 'categoricalCrossentropy' });
  await all.model.fit(tf.ones([2, 6]), tf.oneHot(tf.tensor1d([0, 1], 'int32'), 3).toFloat(), { epochs: 2, verbose: 0 });
  // All weights together: with unseeded weights every hidden ReLU can be dead on this input (about
  // one run in 16), and then only the output layer learns.
  assert.notDeepEqual(all.model.getWeights().map((w) => Array.from(w.dataSync())), baseWeights);
  assert.deepEqual(base.model.getWeights().map((w) => Array.from(w.dataSync())), baseWeights);
});

test('a model whose last layer cannot be resized, or with several outputs, is refused with a reason', async () => {
  const input = tf.input({ shape: [4] });
  const dense = tf.layers.dense({ units: 3, name: 'logits' }).apply(input) as tf.SymbolicTensor;
  const softmax = tf.layers.activation({ activation: 'softmax', name: 'probabilities' }).apply(dense) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: softmax });
  const folder = join(dir, 'activation');
  await model.save(fileModelIO(folder));
  const base = await loadBaseModel(folder);
  const kept = await prepareModel(base, 3, { strategy: 'head', layers: 1, seed: 1 });
  assert.deepEqual(kept.layers.filter((l) => l.trainable).map((l) => l.name), ['logits'], 'head = the last layer with weights');
  const error = await problem(() => prepareModel(base, 4, { strategy: 'head', layers: 1, seed: 1 }));
  assert.equal(error.problem, 'output-layer');
  assert.match(error.message, /3 outputs but the data has 4 classes, and its last layer "probabilities" is a Activation layer/);

  const twoOut = tf.model({ inputs: input, outputs: [dense, softmax] });
  assert.match((await problem(() => describeModel(twoOut, 'two/model.json'))).message, /1 inputs and 2 outputs/);
  await assert.rejects(prepareModel(base, 3, { strategy: 'last-n', layers: 5, seed: 1 }), /--layers 5 asks for more layers than the model has with weights \(1\)/);
});
