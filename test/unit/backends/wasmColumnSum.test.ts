// Sum over leading axes (lib/backends/wasm/columnSum.ts) against the cpu backend: the bias
// gradients of Dense and Conv2D layers, keepDims, column counts that use every loop of the
// kernel (16, 4, 1 columns), a single row, no rows; other reductions keep the original kernel.

import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { assertMatchesCpu, backendsReady, input } from './cpuReference';

before(backendsReady);

const cases: Array<{ shape: number[]; axis: number | number[]; keepDims?: boolean }> = [
  { shape: [128, 512], axis: 0 },
  { shape: [32, 13, 13, 16], axis: [0, 1, 2] },
  { shape: [7, 5], axis: 0, keepDims: true },
  { shape: [9, 23], axis: [0] },
  { shape: [1, 4], axis: 0 },
  { shape: [0, 8], axis: 0 },
  { shape: [3, 4, 6], axis: [1, 0] },
  { shape: [5, 6], axis: -1 }, // not leading: the original kernel
  { shape: [4, 3], axis: [0, 1] }, // every axis: the original kernel
];

for (const c of cases) {
  test(`Sum of ${JSON.stringify(c.shape)} over ${JSON.stringify(c.axis)}${c.keepDims ? ' keeping dims' : ''} matches cpu`, async () => {
    await assertMatchesCpu(`sum ${JSON.stringify(c)}`, [input(c.shape, c.shape.length + 3)], (x) => tf.sum(x!, c.axis, c.keepDims ?? false), {
      gradients: c.shape.every((d) => d > 0),
    });
  });
}

test('a Dense bias gradient (x·W + b summed over the batch) matches cpu', async () => {
  await assertMatchesCpu('bias gradient', [input([50, 30], 1), input([30, 40], 2), input([40], 3)], (x, w, b) => tf.add(tf.matMul(x!, w!), b!));
});
