import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { assertMatchesCpu, backendsReady, input } from './cpuReference';

before(backendsReady);

const cases: Array<{ x: [number, number, number, number]; size: [number, number]; s: [number, number]; pad: 'same' | 'valid' }> = [
  { x: [1, 4, 4, 1], size: [2, 2], s: [2, 2], pad: 'valid' },
  { x: [3, 13, 11, 5], size: [2, 2], s: [2, 2], pad: 'valid' },
  { x: [2, 9, 9, 3], size: [3, 3], s: [2, 2], pad: 'same' },
  { x: [2, 7, 8, 4], size: [3, 2], s: [1, 1], pad: 'same' },
  { x: [1, 10, 10, 2], size: [3, 3], s: [3, 3], pad: 'valid' },
  // Channels in groups of four (the kernel's SIMD lanes), with and without one left over.
  { x: [2, 9, 9, 8], size: [3, 3], s: [1, 1], pad: 'same' },
  { x: [3, 12, 12, 9], size: [2, 2], s: [2, 2], pad: 'valid' },
];

for (const [i, c] of cases.entries()) {
  test(`maxPool gradient x${JSON.stringify(c.x)} size ${c.size} strides ${c.s} pad ${c.pad} matches cpu`, async () => {
    await assertMatchesCpu(`maxPool case ${i}`, [input(c.x, 150 + i)], (x) => tf.maxPool(x as tf.Tensor4D, c.size, c.s, c.pad));
  });
}

test('maxPool gradient with tied maxima goes to the first position of each window, as on cpu', async () => {
  // Values in {-1, -0.5, 0, 0.5, 1}: most windows hold their maximum more than once.
  const tied = (shape: [number, number, number, number], seed: number) => {
    const x = input(shape, seed);
    return { shape: x.shape, values: x.values.map((v) => Math.round(v * 2) / 2) };
  };
  await assertMatchesCpu('maxPool with ties', [tied([4, 8, 8, 3], 160)], (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'));
  await assertMatchesCpu('overlapping maxPool with ties', [tied([2, 6, 6, 2], 161)], (x) => tf.maxPool(x as tf.Tensor4D, 3, 1, 'same'));
  await assertMatchesCpu('overlapping maxPool with ties, 4 channels a lane each', [tied([2, 7, 7, 8], 162)], (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'));
});
