// int32 paths on the wasm rung against the cpu backend: the int32 matrix product tlnb adds
// (tfjs-backend-wasm 4.22 has none, so tf.math.confusionMatrix failed), and the other int32
// operations the tlnb library and the samples use on labels and predictions.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { backendsReady, randomValues } from './cpuReference';

before(backendsReady);

/** Deterministic integers in [-range, range). */
function ints(size: number, seed: number, range = 50): Int32Array {
  return Int32Array.from(randomValues(size, seed), (v) => Math.floor(v * range));
}

async function onBoth(f: () => tf.Tensor, sameDtype = true): Promise<{ cpu: tf.TypedArray; wasm: tf.TypedArray; dtype: string; shape: number[] }> {
  const results: Array<{ data: tf.TypedArray; dtype: string; shape: number[] }> = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    results.push(tf.tidy(() => {
      const y = f();
      return { data: y.dataSync(), dtype: y.dtype, shape: y.shape };
    }));
  }
  if (sameDtype) assert.equal(results[1]!.dtype, results[0]!.dtype);
  assert.deepEqual(results[1]!.shape, results[0]!.shape);
  return { cpu: results[0]!.data, wasm: results[1]!.data, dtype: results[0]!.dtype, shape: results[0]!.shape };
}

const cases: Array<{ a: number[]; b: number[]; tA: boolean; tB: boolean }> = [];
for (const [m, k, n] of [[1, 1, 1], [3, 5, 4], [10, 64, 10], [7, 2, 33]] as const) {
  for (const tA of [false, true]) for (const tB of [false, true]) cases.push({ a: tA ? [k, m] : [m, k], b: tB ? [n, k] : [k, n], tA, tB });
}
cases.push({ a: [3, 4, 5], b: [5, 2], tA: false, tB: false });
cases.push({ a: [2, 3, 4, 5], b: [3, 5, 2], tA: false, tB: false });
cases.push({ a: [4, 5, 3], b: [4, 2, 5], tA: true, tB: true });

for (const [i, c] of cases.entries()) {
  test(`int32 BatchMatMul ${JSON.stringify(c.a)}${c.tA ? 'ᵀ' : ''} x ${JSON.stringify(c.b)}${c.tB ? 'ᵀ' : ''} equals cpu`, async () => {
    const a = ints(c.a.reduce((x, y) => x * y, 1), 2 * i + 1);
    const b = ints(c.b.reduce((x, y) => x * y, 1), 2 * i + 2);
    const { cpu, wasm, dtype } = await onBoth(() => tf.matMul(tf.tensor(a, c.a, 'int32'), tf.tensor(b, c.b, 'int32'), c.tA, c.tB));
    assert.equal(dtype, 'int32');
    assert.deepEqual(Array.from(wasm), Array.from(cpu));
  });
}

test('int32 products that overflow 32 bits wrap as on cpu', async () => {
  const { cpu, wasm } = await onBoth(() => tf.matMul(tf.tensor([[2 ** 30, 2 ** 30]], [1, 2], 'int32'), tf.tensor([[4], [4]], [2, 1], 'int32')));
  assert.deepEqual(Array.from(wasm), Array.from(cpu));
});

test('tf.math.confusionMatrix runs on wasm and equals cpu', async () => {
  const labels = Array.from(ints(200, 5, 5), (v) => Math.abs(v) % 5);
  const predictions = Array.from(ints(200, 6, 5), (v) => Math.abs(v) % 5);
  const { cpu, wasm, shape } = await onBoth(() => tf.math.confusionMatrix(tf.tensor1d(labels, 'int32'), tf.tensor1d(predictions, 'int32'), 5));
  assert.deepEqual(shape, [5, 5]);
  assert.deepEqual(Array.from(wasm), Array.from(cpu));
  assert.equal(Array.from(wasm).reduce((x, y) => x + y, 0), 200);
});

// What the tlnb library (data.metrics, views.confusion) and the samples do with int32 labels.
const int32Ops: Record<string, () => tf.Tensor> = {
  'argMax of logits': () => tf.tensor2d(Array.from(randomValues(60, 9)), [12, 5]).argMax(-1),
  'oneHot of labels': () => tf.oneHot(tf.tensor1d([0, 3, 1, 4, 2], 'int32'), 5),
  'equal + cast + sum (accuracy)': () => tf.equal(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([1, 0, 3, 0], 'int32')).cast('int32').sum(),
  'gather by int32 indices': () => tf.gather(tf.tensor1d([10, 20, 30, 40], 'int32'), tf.tensor1d([3, 0, 2], 'int32')),
  'bincount': () => tf.bincount(tf.tensor1d([0, 1, 1, 3, 3, 3], 'int32'), tf.tensor1d([], 'float32'), 5),
  'int32 add, mul, sub, floorDiv, mod': () => {
    const a = tf.tensor1d([7, -3, 10, 4], 'int32');
    const b = tf.tensor1d([2, 5, -3, 4], 'int32');
    return tf.stack([a.add(b), a.mul(b), a.sub(b), a.floorDiv(b), tf.mod(a, b)]);
  },
  'topk indices': () => tf.topk(tf.tensor1d([3, 1, 4, 1, 5, 9, 2, 6]), 3).indices,
  'where + max of int32': () => tf.where(tf.tensor1d([true, false, true], 'bool'), tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([9, 9, 9], 'int32')).max(),
};
test('int32 UnsortedSegmentSum on wasm keeps int32 (as TensorFlow does; tfjs cpu answers float32) with the same values', async () => {
  const { cpu, wasm } = await onBoth(() => tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([0, 1, 0, 1], 'int32'), 2), false);
  assert.deepEqual(Array.from(wasm), Array.from(cpu));
});

for (const [name, f] of Object.entries(int32Ops)) {
  test(`int32 path on wasm: ${name} equals cpu`, async () => {
    const { cpu, wasm } = await onBoth(f);
    assert.deepEqual(Array.from(wasm), Array.from(cpu));
  });
}
