import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { fileModelIO, registerFileScheme } from '../../../lib/models/fileModelIO';

const root = mkdtempSync(join(tmpdir(), 'tlnb-models-'));

function smallModel(): tf.Sequential {
  const model = tf.sequential({ name: 'small' });
  model.add(tf.layers.dense({ name: 'hidden', units: 5, activation: 'relu', inputShape: [3] }));
  model.add(tf.layers.dense({ name: 'out', units: 2, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const input = tf.tensor2d([
  [0.1, -0.4, 2],
  [1, 1, 1],
]);

test('a model saved as model.json + weights.bin loads back with identical weights and predictions', async () => {
  const model = smallModel();
  const folder = join(root, 'roundtrip');
  const result = await model.save(fileModelIO(folder));
  assert.deepEqual(readdirSync(folder).sort(), ['model.json', 'weights.bin']);
  assert.equal(result.modelArtifactsInfo.weightDataBytes, (3 * 5 + 5 + 5 * 2 + 2) * 4);

  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
  assert.equal(json.format, 'layers-model');
  assert.deepEqual(json.weightsManifest[0].paths, ['./weights.bin']);
  assert.deepEqual(json.weightsManifest[0].weights.map((w: { name: string }) => w.name), ['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias']);

  const loaded = await tf.loadLayersModel(fileModelIO(join(folder, 'model.json')));
  assert.deepEqual(loaded.layers.map((l) => l.name), ['hidden', 'out']);
  assert.deepEqual(await (loaded.predict(input) as tf.Tensor).array(), await (model.predict(input) as tf.Tensor).array());
});

test('file:// URLs work with model.save and tf.loadLayersModel once the scheme is registered', async () => {
  registerFileScheme(tf);
  const model = smallModel();
  const folder = join(root, 'scheme');
  await model.save(`file://${folder}`);
  const loaded = await tf.loadLayersModel(`file://${folder}/model.json`);
  assert.deepEqual(await (loaded.predict(input) as tf.Tensor).array(), await (model.predict(input) as tf.Tensor).array());
  assert.equal(existsSync(join(folder, 'weights.bin.partial')), false);
});

test('loading a folder with no model says which file is missing and what to do', async () => {
  const missing = join(root, 'nothing-here');
  await assert.rejects(tf.loadLayersModel(fileModelIO(missing)), new RegExp(`no saved model at ${missing}/model.json: run the notebook cell that trains and saves it first`));
});

test('a weights file that does not match model.json is refused, not silently misread', async () => {
  const folder = join(root, 'mismatch');
  await smallModel().save(fileModelIO(folder));
  writeFileSync(join(folder, 'weights.bin'), new Uint8Array(12));
  await assert.rejects(tf.loadLayersModel(fileModelIO(folder)), /weights\.bin: the weights file has 12 bytes but model\.json describes 128; the two files come from different saves/);
  writeFileSync(join(folder, 'model.json'), '{"hello": 1}');
  await assert.rejects(tf.loadLayersModel(fileModelIO(folder)), /not a tfjs model\.json/);
});
