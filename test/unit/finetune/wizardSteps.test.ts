// The wizard's steps without VS Code: what each pick offers, how inputs are checked, and that the
// answers make a command line `tlnb finetune` accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { finetuneArgv, type FinetuneRequest } from '../../../common/finetuneSettings';
import { modelItems } from '../../../extension/finetune/modelChoices';
import { START, labelColumnItems, lastNItems, layersOfModelJson, settingsItems, strategyItems, validateSetting, initialSettings } from '../../../extension/finetune/wizardSteps';
import { parseFinetuneArgs } from '../../../lib/finetune/args';
import { saveMlp, tempDir } from './fixtures';

const dir = tempDir('wizard');

test('models found in the workspace are offered by folder name, then Browse…', () => {
  const items = modelItems(['/w/samples/mnist/model.json', '/w/models/a/model.json'], '/w');
  assert.deepEqual(items.map((i) => [i.label, i.description]), [
    ['a', 'models/a/model.json'],
    ['mnist', 'samples/mnist/model.json'],
    ['Browse…', 'a model.json elsewhere'],
  ]);
  assert.deepEqual(items.at(-1)!.value, { kind: 'browse' });
});

test('a saved model.json gives its layers with weight counts; other JSON gives nothing', async () => {
  const folder = await saveMlp(join(dir, 'm'), [28, 28, 1], 16, 5);
  const layers = layersOfModelJson(readFileSync(join(folder, 'model.json'), 'utf8'));
  assert.deepEqual(layers, [
    { name: 'flatten', className: 'Flatten', weights: 0 },
    { name: 'hidden', className: 'Dense', weights: 784 * 16 + 16 },
    { name: 'output', className: 'Dense', weights: 16 * 5 + 5 },
  ]);
  assert.equal(layersOfModelJson(JSON.stringify({ format: 'graph-model', modelTopology: { node: [] } })), undefined);
  assert.equal(layersOfModelJson('not json'), undefined);

  const strategies = strategyItems(layers);
  assert.deepEqual(strategies.map((s) => s.value), ['head', 'last-n', 'all']);
  assert.match(strategies[0]!.detail!, /frozen: hidden · learns: output$/);
  assert.match(strategies[0]!.description!, /10 epochs, learning rate 0\.01, batch 32/);
  assert.match(strategies[2]!.detail!, /learns: hidden, output$/);
  assert.deepEqual(lastNItems(layers).map((i) => [i.label, i.detail]), [
    ['Last 1 layer', 'frozen: hidden · learns: output'],
    ['Last 2 layers', 'learns: hidden, output'],
  ]);
});

test('the CSV label column step puts the likely label column first', () => {
  assert.deepEqual(labelColumnItems('x1;x2;"Class";id').map((i) => [i.label, i.picked ?? false]), [
    ['Class', true],
    ['x1', false],
    ['x2', false],
    ['id', false],
  ]);
  assert.deepEqual(labelColumnItems('a,b').map((i) => i.label), ['a', 'b']);
});

test('settings start from the strategy defaults and inputs are checked', () => {
  const settings = initialSettings('all');
  assert.deepEqual(settings, { epochs: 8, learningRate: 1e-4, batchSize: 32, patience: 2, validation: 0.2 });
  const items = settingsItems(settings);
  assert.equal(items[0]!.value, START);
  assert.equal(items[0]!.description, '8 epochs · learning rate 0.0001 · batch 32 · patience 2 · validation 20%');
  assert.equal(validateSetting('epochs', '5'), undefined);
  assert.match(validateSetting('epochs', '2.5')!, /whole number/);
  assert.match(validateSetting('learningRate', '0')!, /positive/);
  assert.equal(validateSetting('learningRate', '3e-4'), undefined);
  assert.match(validateSetting('validation', '1')!, /strictly between 0 and 1/);
  assert.equal(validateSetting('patience', '0'), undefined);
  assert.match(validateSetting('batchSize', '')!, /whole number/);
});

test('the wizard\'s answers become a command line tlnb finetune reads back unchanged', () => {
  const request: FinetuneRequest = {
    model: '/w/m/model.json',
    data: '/w/data/train-images-idx3-ubyte',
    format: 'idx',
    labels: '/w/data/train-labels-idx1-ubyte',
    settings: { strategy: 'last-n', layers: 2, ...initialSettings('last-n'), epochs: 4 },
  };
  const parsed = parseFinetuneArgs(finetuneArgv(request));
  assert.deepEqual({ ...parsed, help: undefined, localPackages: undefined }, { ...request, help: undefined, localPackages: undefined });
});
