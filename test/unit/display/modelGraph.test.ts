import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { modelGraphPayload } from '../../../lib/display/modelGraph';
import * as models from '../../fixtures/models';

const byId = (payload: ReturnType<typeof modelGraphPayload>) => new Map(payload.layers.map((l) => [l.id, l]));

test('a Sequential MLP becomes a chain from its hidden input layer, with shapes, params and activations', () => {
  const model = models.mlp();
  const payload = modelGraphPayload(model);
  assert.deepEqual(
    payload.layers.map((l) => [l.className, l.inbound]),
    [
      ['InputLayer', []],
      ['Dense', [payload.layers[0]!.id]],
      ['Dropout', ['hidden1']],
      ['Dense', ['dropout']],
      ['Dense', ['hidden2']],
    ],
  );
  const hidden1 = byId(payload).get('hidden1')!;
  assert.deepEqual(hidden1.outputShape, [null, 128]);
  assert.equal(hidden1.params, 784 * 128 + 128);
  assert.equal(hidden1.activation, 'relu');
  assert.deepEqual(hidden1.weights.map((w) => w.shape), [[784, 128], [128]]);
  assert.equal(payload.inputs.length, 1);
  assert.deepEqual(payload.outputs, ['logits']);
  assert.equal(payload.totals.trainable, model.countParams());
  assert.equal(payload.totals.nonTrainable, 0);
  assert.match(payload.summary, /hidden1 \(Dense\)/);
  assert.match(payload.summary, /Total params: 109386/);
});

test('batch normalisation statistics count as non-trainable parameters', () => {
  const payload = modelGraphPayload(models.cnn());
  const bn = byId(payload).get('bn1')!;
  assert.equal(bn.params, 4 * 32);
  assert.equal(bn.trainableParams, 2 * 32);
  assert.equal(bn.trainable, true);
  assert.equal(payload.totals.nonTrainable, 2 * 32);
});

test('residual merges list both branches, and several inputs and outputs are kept in order', () => {
  const payload = modelGraphPayload(models.residual());
  const layers = byId(payload);
  assert.deepEqual(layers.get('block1_add')!.inbound, ['stem', 'block1_conv2']);
  assert.deepEqual(layers.get('block2_add')!.inbound, ['block1_relu', 'block2_conv2']);
  assert.deepEqual(layers.get('concat')!.inbound, ['gap', 'meta_dense']);
  assert.deepEqual(layers.get('concat')!.outputShape, [null, 32]);
  assert.deepEqual(payload.inputs, ['image', 'metadata']);
  assert.deepEqual(payload.outputs, ['class_out', 'score_out']);
});

test('a shared layer is one node with one entry in `calls` per call', () => {
  const payload = modelGraphPayload(models.siamese());
  const encoder = byId(payload).get('shared_encoder')!;
  assert.deepEqual(encoder.calls, [['left'], ['right']]);
  assert.deepEqual(encoder.inbound, ['left', 'right']);
  assert.deepEqual(byId(payload).get('similarity')!.inbound, ['shared_encoder', 'shared_encoder']);
  assert.equal(payload.layers.filter((l) => l.id === 'shared_encoder').length, 1);
});

test('a frozen nested base model is a nested payload, marked frozen, and only its outer call is an edge', () => {
  const model = models.nested();
  const payload = modelGraphPayload(model);
  const base = byId(payload).get('pretrained_base')!;
  assert.equal(base.className, 'Model');
  assert.equal(base.trainable, false);
  assert.equal(base.trainableParams, 0);
  assert.deepEqual(base.inbound, ['image']);
  assert.ok(base.nested);
  assert.deepEqual(
    base.nested.layers.map((l) => l.id),
    ['base_input', 'base_conv1', 'base_pool1', 'base_conv2', 'base_gap'],
  );
  assert.equal(byId(base.nested).get('base_conv1')!.trainable, false);
  assert.equal(payload.totals.nonTrainable, base.params);
  assert.equal(payload.totals.trainable + payload.totals.nonTrainable, model.countParams());
  assert.equal(JSON.stringify(JSON.parse(JSON.stringify(payload))), JSON.stringify(payload));
});

test('ResNet-50 has 177 layers, 16 add merges and its published parameter counts', () => {
  const payload = modelGraphPayload(models.resnet50());
  assert.equal(payload.layers.length, 177);
  assert.equal(payload.layers.filter((l) => l.className === 'Add').length, 16);
  assert.equal(payload.totals.trainable, 25_583_592);
  assert.equal(payload.totals.nonTrainable, 53_120);
  const ids = new Set(payload.layers.map((l) => l.id));
  for (const layer of payload.layers) for (const source of layer.inbound) assert.ok(ids.has(source), source);
});

test('freezing layers of a model shows in the payload', () => {
  const model = models.mlp();
  model.getLayer('hidden1').trainable = false;
  const payload = modelGraphPayload(model);
  assert.equal(byId(payload).get('hidden1')!.trainable, false);
  assert.equal(byId(payload).get('dropout')!.trainable, true);
  assert.equal(payload.totals.nonTrainable, 784 * 128 + 128);
  tf.dispose(model.weights.map((w) => w.read()));
});
