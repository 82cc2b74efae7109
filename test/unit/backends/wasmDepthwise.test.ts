import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { assertMatchesCpu, backendsReady, input } from './cpuReference';

before(backendsReady);

const cases: Array<{ x: [number, number, number, number]; f: [number, number, number, number]; s: [number, number]; pad: 'same' | 'valid' }> = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 1], s: [1, 1], pad: 'valid' },
  { x: [2, 7, 9, 3], f: [3, 3, 3, 1], s: [1, 1], pad: 'same' },
  { x: [3, 8, 7, 2], f: [3, 3, 2, 2], s: [2, 2], pad: 'same' },
  { x: [2, 9, 9, 4], f: [5, 3, 4, 3], s: [1, 1], pad: 'valid' },
  { x: [1, 10, 11, 3], f: [3, 3, 3, 1], s: [2, 2], pad: 'valid' },
  { x: [5, 6, 6, 8], f: [1, 1, 8, 1], s: [1, 1], pad: 'same' },
];

for (const [i, c] of cases.entries()) {
  test(`depthwiseConv2d gradients x${JSON.stringify(c.x)} filter${JSON.stringify(c.f)} strides ${c.s} pad ${c.pad} match cpu`, async () => {
    await assertMatchesCpu(`depthwise case ${i}`, [input(c.x, 70 + i), input(c.f, 90 + i)], (x, w) =>
      tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad));
  });
}

test('separableConv2d (depthwise then pointwise) gradients match cpu', async () => {
  await assertMatchesCpu('separable', [input([2, 8, 8, 3], 111), input([3, 3, 3, 2], 112), input([1, 1, 6, 5], 113)], (x, d, p) =>
    tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same'));
});
