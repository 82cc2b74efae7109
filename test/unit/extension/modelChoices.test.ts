// The fine-tune wizard's base-model step and its refusals, as pure functions: models held in
// running kernels, where kernel and sample models are copied, and which step a refusal reopens.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelVariableInfo } from '../../../common/protocol';
import {
  firstUsableName,
  kernelModelStem,
  modelItems,
  modelShapeText,
  paramsText,
  sameModelChoice,
  sampleCopyCandidates,
  sampleCopyParent,
  type KernelAnswer,
} from '../../../extension/finetune/modelChoices';
import { errorRow, stepForProblem } from '../../../extension/finetune/wizardSteps';

const mlp: ModelVariableInfo = {
  variable: 'model',
  name: 'sequential_1',
  inputShapes: [[null, 784]],
  outputShapes: [[null, 10]],
  params: 407_050,
  layers: [
    { name: 'dense_1', className: 'Dense', weights: 401_920 },
    { name: 'dense_2', className: 'Dense', weights: 5130 },
  ],
};

test('shapes and parameter counts at a glance', () => {
  assert.equal(modelShapeText(mlp), '784→10');
  assert.equal(modelShapeText({ inputShapes: [[null, 28, 28, 1]], outputShapes: [[null, 10]] }), '28×28×1→10');
  assert.equal(modelShapeText({ inputShapes: [[null, 4], [null, null]], outputShapes: [[null]] }), '4 + ?→scalar');
  assert.deepEqual([850, 1234, 12_906, 407_050, 3_400_000, 25_000_000].map(paramsText), ['850', '1.2k', '13k', '407k', '3.4M', '25M']);
});

test('models in running kernels are offered after the workspace\'s files, a busy or silent kernel as a row saying why', () => {
  const kernels: KernelAnswer[] = [
    { notebook: 'file:///w/mnist.tlnb', notebookName: 'mnist.tlnb', models: [mlp] },
    { notebook: 'file:///w/busy.tlnb', notebookName: 'busy.tlnb', busy: 'Cell 3' },
    { notebook: 'file:///w/stuck.tlnb', notebookName: 'stuck.tlnb', error: 'the kernel did not answer within 3 s' },
    { notebook: 'file:///w/empty.tlnb', notebookName: 'empty.tlnb', models: [] },
  ];
  const items = modelItems(['/w/mine/model.json'], '/w', ['/ext/samples/models/mnist-mlp/model.json'], kernels);
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['mine', 'mine/model.json'],
      ['$(notebook) model', 'in mnist.tlnb (running kernel) · 784→10, 407k params'],
      ['$(warning) busy.tlnb', 'running kernel busy with Cell 3'],
      ['$(warning) stuck.tlnb', 'running kernel did not answer'],
      ['mnist-mlp', 'pretrained sample model shipped with tlnb'],
      ['Browse…', 'a model.json elsewhere'],
    ],
  );
  assert.match(items[1]!.detail!, /"sequential_1", 2 layers; saved to a new folder mnist-model-model\/ beside the notebook/);
  assert.deepEqual(items[2]!.value, {
    kind: 'unavailable',
    message: 'The kernel of busy.tlnb is running a cell (Cell 3); wait for it to finish or interrupt it, then pick its model again.',
  });
  assert.equal(items[2]!.detail, (items[2]!.value as { message: string }).message);
  assert.match((items[3]!.value as { message: string }).message, /^The kernel of stuck\.tlnb did not list its models: the kernel did not answer within 3 s$/);
});

test('a sample the workspace holds an identical copy of is listed once, as the copy, saying so', () => {
  const shipped = ['/ext/samples/models/ch06-mnist-mlp/model.json', '/ext/samples/models/mnist-mlp/model.json'];
  const inWorkspace = ['/w/models/mnist-mlp/model.json', '/w/models/ch06-mnist-mlp/model.json', '/w/mine/model.json'];
  assert.deepEqual(sampleCopyCandidates(inWorkspace, shipped), [
    ['/w/models/ch06-mnist-mlp/model.json', shipped[0]],
    ['/w/models/mnist-mlp/model.json', shipped[1]],
  ]);
  // ch06-mnist-mlp's copy is identical; mnist-mlp's was retrained in the workspace, so both stay.
  const items = modelItems(inWorkspace, '/w', shipped, [], new Map([['/w/models/ch06-mnist-mlp/model.json', shipped[0]!]]));
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['mine', 'mine/model.json'],
      ['ch06-mnist-mlp', "pretrained sample model · your workspace's copy, models/ch06-mnist-mlp/model.json"],
      ['mnist-mlp', 'models/mnist-mlp/model.json'],
      ['mnist-mlp', 'pretrained sample model shipped with tlnb'],
      ['Browse…', 'a model.json elsewhere'],
    ],
  );
  assert.equal(items.filter((i) => i.label === 'ch06-mnist-mlp').length, 1);
  assert.deepEqual(items[1]!.value, { kind: 'file', path: '/w/models/ch06-mnist-mlp/model.json' }, 'the copy in the workspace is what runs');
  assert.match(items[1]!.detail!, /the same files as the ch06-mnist-mlp model shipped with tlnb/);
});

test('a kernel model is saved as <notebook>-<variable>-model; a sample is copied beside data in the workspace', () => {
  assert.equal(kernelModelStem('mnist.tlnb', 'model'), 'mnist-model-model');
  assert.equal(kernelModelStem('Untitled-1', 'net'), 'Untitled-1-net-model');
  assert.equal(sampleCopyParent('/w/data/digits', ['/w']), '/w/data');
  assert.equal(sampleCopyParent('/w/train.csv', ['/w']), '/w');
  assert.equal(sampleCopyParent('/elsewhere/digits', ['/w', '/v']), '/w', 'data outside the workspace: the first workspace folder');
  assert.equal(sampleCopyParent('/elsewhere/digits', []), '/elsewhere', 'no workspace: beside the data');
});

test('the copy takes the first usable name: free, or an identical earlier copy', async () => {
  const taken = new Set(['mnist-mlp', 'mnist-mlp-2']);
  assert.equal(await firstUsableName('mnist-mlp', async (name) => !taken.has(name)), 'mnist-mlp-3');
  assert.equal(await firstUsableName('mnist-mlp', async () => true), 'mnist-mlp');
});

test('the previous answer is recognised among the offered models', () => {
  const kernel = { kind: 'kernel', notebook: 'file:///w/a.tlnb', notebookName: 'a.tlnb', model: mlp } as const;
  assert.ok(sameModelChoice(kernel, { ...kernel, model: { ...mlp, params: 1 } }));
  assert.ok(!sameModelChoice(kernel, { ...kernel, model: { ...mlp, variable: 'other' } }));
  assert.ok(sameModelChoice({ kind: 'file', path: '/w/m/model.json' }, { kind: 'file', path: '/w/m/model.json' }));
  assert.ok(!sameModelChoice({ kind: 'file', path: '/w/m/model.json' }, { kind: 'sample', path: '/w/m/model.json' }));
});

test('a refusal reopens the step that can fix it, its message split into what and how to fix', () => {
  assert.equal(stepForProblem('input-shape'), 2, 'data that do not fit the model: pick other data (or go back)');
  assert.equal(stepForProblem('empty-class'), 2);
  assert.equal(stepForProblem('not-layers-model'), 1);
  assert.equal(stepForProblem('nan-loss'), 4, 'a NaN loss: lower the learning rate');
  assert.equal(stepForProblem('output-folder'), undefined);
  assert.deepEqual(errorRow('/w/data.csv: the model takes examples of shape [batch, 784]\n  how to fix: give data with 784 feature columns'), {
    label: '$(error) the model takes examples of shape [batch, 784]',
    detail: 'how to fix: give data with 784 feature columns (/w/data.csv)',
  });
  assert.deepEqual(errorRow('C:\\data\\x.csv: no data lines'), { label: '$(error) no data lines', detail: '(C:\\data\\x.csv)' });
  assert.deepEqual(errorRow('The kernel of a.tlnb is running a cell (Cell 2)'), { label: '$(error) The kernel of a.tlnb is running a cell (Cell 2)' });
});
