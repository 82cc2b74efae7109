import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { copyLayerWeights } from '../../../lib/models/transfer';

function model(hidden: number, outputs: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ name: 'features', units: hidden, activation: 'relu', inputShape: [4] }),
      tf.layers.dense({ name: 'head', units: outputs, activation: 'softmax' }),
    ],
  });
}

test('copied layers hold the source weights; the others keep their own', () => {
  const source = model(8, 3);
  const target = model(8, 2);
  const headBefore = target.getLayer('head').getWeights()[0]!.arraySync();
  copyLayerWeights(source, target, ['features']);
  assert.deepEqual(target.getLayer('features').getWeights()[0]!.arraySync(), source.getLayer('features').getWeights()[0]!.arraySync());
  assert.deepEqual(target.getLayer('head').getWeights()[0]!.arraySync(), headBefore);
});

test('mismatched shapes are refused naming the layer and both shapes, and nothing is copied', () => {
  const source = model(8, 3);
  const target = model(8, 2);
  const featuresBefore = target.getLayer('features').getWeights()[0]!.arraySync();
  assert.throws(
    () => copyLayerWeights(source, target, ['features', 'head']),
    /cannot copy the weights of layer "head": the source layer holds \[8, 3\] and \[3\], but the target layer expects \[8, 2\] and \[2\]/,
  );
  assert.deepEqual(target.getLayer('features').getWeights()[0]!.arraySync(), featuresBefore);
});

test('a layer name the model lacks is refused with the names it has', () => {
  assert.throws(() => copyLayerWeights(model(2, 2), model(2, 2), ['conv1']), /has no layer named "conv1"; its layers are "features", "head"/);
});
