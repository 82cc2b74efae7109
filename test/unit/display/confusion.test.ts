import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { confusionPayload } from '../../../lib/display/confusion';

test('counts land at [actual][predicted] and add up to the number of examples', () => {
  const payload = confusionPayload([0, 0, 1, 2, 2, 2], tf.tensor1d([0, 1, 1, 2, 0, 2], 'int32'), ['a', 'b', 'c'], 'x');
  assert.deepEqual(payload.matrix, [
    [1, 1, 0],
    [0, 1, 0],
    [1, 0, 2],
  ]);
  assert.deepEqual(payload.labels, ['a', 'b', 'c']);
  assert.equal(payload.title, 'x');
});

test('one-hot labels and softmax predictions are reduced by argmax', () => {
  const actual = tf.oneHot(tf.tensor1d([1, 0], 'int32'), 2);
  const predicted = tf.tensor2d([
    [0.2, 0.8],
    [0.3, 0.7],
  ]);
  assert.deepEqual(confusionPayload(actual, predicted, ['no', 'yes']).matrix, [
    [0, 1],
    [0, 1],
  ]);
});

test('classes outside classNames and mismatched lengths are reported', () => {
  assert.throws(() => confusionPayload([0, 3], [0, 1], ['a', 'b']), /class 3 at example 1 is outside classNames/);
  assert.throws(() => confusionPayload([0, 1], [0], ['a', 'b']), /predicted has 1 entries but there are 2/);
  assert.throws(() => confusionPayload([0], [0], []), /needs classNames/);
});
