import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { imageGridPayload } from '../../../lib/display/imageGrid';
import { mnistSlice } from '../../fixtures/mnist';

const pixels = (base64: string) => Array.from(Buffer.from(base64, 'base64'));

test('real MNIST digits in 0..1 become the same uint8 pixels, with labels and argmax predictions', () => {
  const { pixels: raw, labels } = mnistSlice('t10k', 0, 4);
  const images = tf.tensor3d(Float32Array.from(raw, (p) => p / 255), [4, 28, 28]);
  const probabilities = tf.oneHot(tf.tensor1d([7, 2, 1, 5], 'int32'), 10);
  const payload = imageGridPayload(images, { labels: Array.from(labels), predictions: probabilities, title: 't' });
  assert.equal(payload.width, 28);
  assert.equal(payload.height, 28);
  assert.equal(payload.channels, 1);
  assert.deepEqual(pixels(payload.images[0]!.pixels), Array.from(raw.subarray(0, 784)));
  assert.deepEqual(payload.images.map((i) => i.label), ['7', '2', '1', '0']);
  assert.deepEqual(payload.images.map((i) => i.prediction), ['7', '2', '1', '5']);
  assert.equal(payload.title, 't');
  assert.equal(payload.total, undefined);
});

test('[N,H,W,1] and 0..255 values are taken as they are; class names replace indices', () => {
  const images = tf.tensor4d([0, 128, 255, 300, 10, 20, 30, -5], [2, 2, 2, 1]);
  const payload = imageGridPayload(images, { labels: [1, 0], classNames: ['cat', 'dog'] });
  assert.deepEqual(pixels(payload.images[0]!.pixels), [0, 128, 255, 255]);
  assert.deepEqual(pixels(payload.images[1]!.pixels), [10, 20, 30, 0]);
  assert.deepEqual(payload.images.map((i) => i.label), ['dog', 'cat']);
});

test('RGB images keep their three channels, and `limit` keeps the first images and says how many there were', () => {
  const images = tf.ones([5, 3, 2, 3]).mul(0.5);
  const payload = imageGridPayload(images, { limit: 2 });
  assert.equal(payload.channels, 3);
  assert.equal(payload.images.length, 2);
  assert.equal(payload.total, 5);
  assert.equal(pixels(payload.images[0]!.pixels).length, 3 * 2 * 3);
  assert.ok(pixels(payload.images[0]!.pixels).every((v) => v === 128));
});

test('wrong shapes and label counts fail with what was expected and what was given', () => {
  assert.throws(() => imageGridPayload(tf.zeros([4, 784])), /\[N, H, W\].*got \[4, 784\].*reshape/i);
  assert.throws(() => imageGridPayload(tf.zeros([2, 8, 8, 2])), /got \[2, 8, 8, 2\]/);
  assert.throws(() => imageGridPayload(tf.zeros([2, 8, 8]), { labels: [1] }), /labels has 1 entries but there are 2/);
  assert.throws(() => imageGridPayload(tf.zeros([1, 8, 8]), { labels: [3], classNames: ['a'] }), /class 3 but classNames has only 1/);
});
