import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertClose, assertMatchesCpu, backendsReady, input } from './cpuReference';

before(backendsReady);

// broadcast: outer dimensions differ, and tfjs-core's matMul gradient does not support that.
const cases: Array<{ a: number[]; b: number[]; tA: boolean; tB: boolean; broadcast?: true }> = [];
// Single matrices, every transpose combination, odd sizes, a batch of one row, shapes where
// the kernel prefers (bᵀaᵀ)ᵀ (large b) and where it transposes operands (large a).
// [130, 300, 70]: more than one block of k for the fused-multiply-add kernel (gemm.ts, 256 rows
// per block), edge tiles in both directions, and enough work to split over threads.
for (const [m, k, n] of [[1, 7, 5], [13, 31, 17], [128, 33, 10], [3, 40, 300], [64, 9, 1], [130, 300, 70]] as const) {
  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      cases.push({ a: tA ? [k, m] : [m, k], b: tB ? [n, k] : [k, n], tA, tB });
    }
  }
}
// Batches: stacked over one weight matrix, one left matrix over a batch, equal batches
// small (backend loop) and large (one XNNPACK call each), and broadcast outer dimensions.
cases.push({ a: [3, 5, 7], b: [7, 4], tA: false, tB: false, broadcast: true });
cases.push({ a: [2, 3, 7, 5], b: [4, 7], tA: true, tB: true, broadcast: true });
cases.push({ a: [3, 5, 7], b: [1, 7, 4], tA: false, tB: false, broadcast: true });
cases.push({ a: [5, 7], b: [3, 7, 4], tA: false, tB: false, broadcast: true });
cases.push({ a: [7, 5], b: [3, 4, 7], tA: true, tB: true, broadcast: true });
cases.push({ a: [4, 6, 5], b: [4, 5, 3], tA: false, tB: false });
cases.push({ a: [4, 5, 6], b: [4, 3, 5], tA: true, tB: true });
cases.push({ a: [2, 40, 33], b: [2, 33, 35], tA: false, tB: false });
cases.push({ a: [2, 33, 40], b: [2, 35, 33], tA: true, tB: true });
cases.push({ a: [1, 1, 1], b: [1, 1, 1], tA: false, tB: true });
cases.push({ a: [3, 70, 300], b: [3, 300, 66], tA: false, tB: false });
cases.push({ a: [3, 300, 70], b: [300, 66], tA: true, tB: false, broadcast: true });

for (const [i, c] of cases.entries()) {
  test(`BatchMatMul ${JSON.stringify(c.a)}${c.tA ? 'ᵀ' : ''} x ${JSON.stringify(c.b)}${c.tB ? 'ᵀ' : ''} matches cpu`, async () => {
    await assertMatchesCpu(`matMul case ${i}`, [input(c.a, 2 * i + 1), input(c.b, 2 * i + 2)], (a, b) => tf.matMul(a!, b!, c.tA, c.tB), {
      gradients: c.broadcast !== true,
    });
  });
}

// Both operands broadcast: the cpu backend cannot compute this itself, so the reference is
// the product of the inputs tiled to the full batch.
for (const c of [
  { a: [2, 1, 6, 5], b: [1, 3, 5, 4], tA: false, tB: false },
  { a: [2, 1, 40, 5], b: [1, 3, 40, 35], tA: true, tB: false },
]) {
  test(`BatchMatMul broadcasting both ${JSON.stringify(c.a)} x ${JSON.stringify(c.b)} matches tiled cpu`, async () => {
    const a = input(c.a, 41);
    const b = input(c.b, 42);
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => tf.matMul(
      tf.tile(tf.tensor(a.values, a.shape), [1, 3, 1, 1]),
      tf.tile(tf.tensor(b.values, b.shape), [2, 1, 1, 1]),
      c.tA,
      c.tB,
    ).dataSync() as Float32Array);
    await tf.setBackend('wasm');
    const result = tf.tidy(() => tf.matMul(tf.tensor(a.values, a.shape), tf.tensor(b.values, b.shape), c.tA, c.tB));
    assert.deepEqual(result.shape, [2, 3, c.tA ? c.a[3] : c.a[2], c.b[3]]);
    assertClose(result.dataSync() as Float32Array, expected, 'broadcast product');
    result.dispose();
  });
}

for (const activation of ['linear', 'relu', 'elu'] as const) {
  test(`_FusedMatMul with bias, transposes and ${activation} matches cpu`, async () => {
    for (const [tA, tB] of [[true, false], [false, true], [true, true]] as const) {
      const a = input(tA ? [19, 6] : [6, 19], 7);
      const b = input(tB ? [11, 19] : [19, 11], 8);
      const bias = input([11], 9);
      // Outside a gradient, tf.fused.matMul runs the _FusedMatMul kernel itself.
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        return tf.tidy(() => tf.fused.matMul({
          a: tf.tensor2d(a.values, a.shape as [number, number]),
          b: tf.tensor2d(b.values, b.shape as [number, number]),
          bias: tf.tensor(bias.values, bias.shape),
          transposeA: tA,
          transposeB: tB,
          activation,
        }).dataSync() as Float32Array);
      };
      const expected = await run('cpu');
      const actual = await run('wasm');
      assert.equal(actual.length, 6 * 11);
      assertClose(actual, expected, `fused ${activation} tA=${tA} tB=${tB}`);
    }
  });
}

test('BatchMatMul frees its intermediate tensors on wasm', async () => {
  await tf.setBackend('wasm');
  const a = tf.randomNormal([3, 20, 30]);
  const b = tf.randomNormal([30, 10]);
  const bytes = tf.memory().numBytes;
  const dataIds = tf.engine().backend.numDataIds();
  const products: Array<() => tf.Tensor> = [
    () => tf.matMul(a, b),
    () => tf.matMul(a, tf.transpose(b), false, true),
    () => tf.matMul(tf.transpose(a, [0, 2, 1]), tf.ones([3, 30, 7]), true, false),
    () => tf.matMul(tf.ones([20, 30]), tf.ones([4, 30, 50])),
    () => tf.matMul(tf.ones([4, 20, 30]), tf.ones([4, 30, 50])),
  ];
  for (const product of products) tf.tidy(product).dispose();
  assert.equal(tf.memory().numBytes, bytes);
  assert.equal(tf.engine().backend.numDataIds(), dataIds);
  a.dispose();
  b.dispose();
});
