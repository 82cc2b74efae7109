// The kernel lists the tf.LayersModel values among a notebook's variables and saves one to a new
// folder on request (the fine-tune's "model in a running kernel"); it says when a cell keeps it busy.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { KernelClient } from '../../../common/node/kernelClient';
import { fileModelIO } from '../../../lib/models/fileModelIO';
import { run, startKernel, tempDir } from './kernelHarness';

let kernel: KernelClient;
const notebookDir = tempDir();
before(async () => {
  kernel = await startKernel(notebookDir);
});
after(async () => {
  await kernel.shutdown();
});

async function ok(code: string): Promise<void> {
  const r = await run(kernel, code);
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
}

test('a kernel whose variables hold no model lists none', async () => {
  await ok('const answer = 42;\nlet words = ["a"];');
  assert.deepEqual(await kernel.listModels(), { models: [] });
});

test('models in const, let and var declarations are listed with their shapes, layers and parameter count', async () => {
  await ok(`import * as tf from '@tensorflow/tfjs';
const model = tf.sequential({ name: 'digits', layers: [tf.layers.dense({ inputShape: [784], units: 16, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 10, activation: 'softmax', name: 'out' })] });
let notAModel = { layers: [] };
var legacy = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });`);
  const list = await kernel.listModels();
  assert.ok('models' in list);
  assert.deepEqual(list.models.map((m) => m.variable), ['legacy', 'model']);
  const model = list.models.find((m) => m.variable === 'model')!;
  assert.equal(model.name, 'digits');
  assert.deepEqual(model.inputShapes, [[null, 784]]);
  assert.deepEqual(model.outputShapes, [[null, 10]]);
  assert.equal(model.params, 784 * 16 + 16 + 16 * 10 + 10);
  assert.deepEqual(model.layers, [
    { name: 'hidden', className: 'Dense', weights: 784 * 16 + 16 },
    { name: 'out', className: 'Dense', weights: 170 },
  ]);
});

test('a model is saved to a new folder, never into one that exists, and loads back with the same weights', async () => {
  const existing = join(notebookDir, 'nb-model-model');
  mkdirSync(existing);
  const answer = await kernel.saveModel('model', notebookDir, 'nb-model-model');
  assert.ok('saved' in answer, JSON.stringify(answer));
  assert.equal(answer.saved.folder, join(notebookDir, 'nb-model-model-2'));
  assert.equal(answer.saved.modelFile, join(notebookDir, 'nb-model-model-2', 'model.json'));
  assert.deepEqual(readdirSync(existing), [], 'the existing folder is left as it was');
  assert.deepEqual(readdirSync(answer.saved.folder).sort(), ['model.json', 'weights.bin']);

  const loaded = await tf.loadLayersModel(fileModelIO(answer.saved.folder));
  const r = await run(kernel, 'Array.from(model.getWeights()[0].dataSync().slice(0, 5))');
  const inKernel = JSON.parse((r.displays.at(-1)!.find((i) => i.mime === 'text/plain') as { text: string }).text.replace(/\s+/g, '')) as number[];
  const saved = Array.from(loaded.getWeights()[0]!.dataSync().slice(0, 5));
  saved.forEach((v, i) => assert.ok(Math.abs(v - inKernel[i]!) < 1e-6, `weight ${i}: ${v} vs ${inKernel[i]}`));
  assert.equal(JSON.parse(readFileSync(answer.saved.modelFile, 'utf8')).modelTopology.config.name, 'digits');
  loaded.dispose();
});

test('saving a variable that holds no model is refused with what it holds, and leaves no folder', async () => {
  await assert.rejects(kernel.saveModel('notAModel', notebookDir, 'not-a-model'), /`notAModel` holds an Object, not a tf\.LayersModel/);
  await assert.rejects(kernel.saveModel('missing', notebookDir, 'missing'), /no variable `missing`/);
  assert.equal(existsSync(join(notebookDir, 'not-a-model')), false);
});

test('while a cell runs, both requests answer "busy" with the cell, and the model is not saved', async () => {
  const { result } = kernel.execute('await new Promise((r) => setTimeout(r, 1500));', 'Cell 9');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(await kernel.listModels(), { busy: 'Cell 9' });
  assert.deepEqual(await kernel.saveModel('model', notebookDir, 'while-busy'), { busy: 'Cell 9' });
  assert.equal(existsSync(join(notebookDir, 'while-busy')), false);
  assert.equal((await result).status, 'ok');
  assert.ok('models' in (await kernel.listModels()), 'answers again once the cell is done');
});

test('a cell that blocks the kernel makes the request fail after its timeout instead of hanging', async () => {
  const { result } = kernel.execute('const until = Date.now() + 2500;\nwhile (Date.now() < until) {}', 'Cell 10');
  await new Promise((r) => setTimeout(r, 200));
  await assert.rejects(kernel.listModels(400), /did not answer within 0\.4 s: a cell may be running code that never yields .*wait or interrupt it/);
  assert.equal((await result).status, 'ok');
});
