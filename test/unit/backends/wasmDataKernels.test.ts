import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { WASM_KERNELS } from '../../../lib/backends/wasm/register';
import { assertClose, assertMatchesCpu, backendsReady, input } from './cpuReference';

before(backendsReady);

test('the project kernels are the ones registered on wasm', () => {
  for (const name of WASM_KERNELS) {
    const config = tf.getKernel(name, 'wasm');
    assert.ok(config, `${name} is registered`);
    assert.equal((config.kernelFunc as unknown as Record<symbol, unknown>)[Symbol.for('tlnb.wasmKernel')], true, `${name} is the project's`);
  }
});

async function onBoth<T>(f: () => T): Promise<[T, T]> {
  await tf.setBackend('cpu');
  const cpu = f();
  await tf.setBackend('wasm');
  return [cpu, f()];
}

test('gather along the first axis (model.fit batches), with repeats, matches cpu with gradients', async () => {
  for (const [shape, ids] of [[[10, 7], [3, 3, 0, 9]], [[5], [4, 0]], [[6, 2, 3], [[5, 1], [1, 0]]], [[1, 4], [0]]] as const) {
    const x = input([...shape], 120);
    const indices = tf.tensor(ids as unknown as number[], undefined, 'int32');
    await assertMatchesCpu(`gather ${JSON.stringify(shape)} ${JSON.stringify(ids)}`, [x], (t) => tf.gather(t!, indices));
  }
});

test('gather of int32 rows, and along another axis, matches cpu', async () => {
  const [cpu, wasm] = await onBoth(() => tf.tidy(() => {
    const ints = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], undefined, 'int32');
    const floats = tf.tensor3d(Array.from({ length: 24 }, (_, i) => i * 0.5), [2, 3, 4]);
    return [
      Array.from(tf.gather(ints, [2, 0, 2]).dataSync()),
      Array.from(tf.gather(floats, [3, 1], 2).dataSync()),
      Array.from(tf.gather(floats, [[0, 2], [1, 1]], 1).dataSync()),
    ];
  }));
  assert.deepEqual(wasm, cpu);
});

test('gather with an index out of range fails with the index in the message', async () => {
  await tf.setBackend('wasm');
  assert.throws(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([0, 3], 'int32')).dataSync(), /index value 3 is not in \[0, 2\]/);
});

test('unsortedSegmentSum matches cpu, ids out of range dropped', async () => {
  const cases = [
    { x: [6, 4], ids: [0, 2, 2, 5, -1, 0], n: 4 },
    { x: [5], ids: [1, 1, 1, 0, 3], n: 3 },
    { x: [1, 3], ids: [0], n: 1 },
  ];
  for (const c of cases) {
    const x = input(c.x, 130);
    const [cpu, wasm] = await onBoth(() => tf.tidy(() =>
      tf.unsortedSegmentSum(tf.tensor(x.values, x.shape), tf.tensor(c.ids as number[], undefined, 'int32'), c.n).dataSync() as Float32Array));
    assertClose(wasm, cpu, `unsortedSegmentSum ${JSON.stringify(c)}`);
  }
  const [cpuInt, wasmInt] = await onBoth(() => Array.from(tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([1, 0, 1, 1], 'int32'), 2).dataSync()));
  assert.deepEqual(wasmInt, cpuInt);
});

test('Embedding-style gather gradients (UnsortedSegmentSum) match cpu', async () => {
  const ids = tf.tensor2d([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]], undefined, 'int32');
  await assertMatchesCpu('embedding lookup', [input([10, 6], 140)], (table) => tf.gather(table!, ids));
});

test('a clone (Identity) shares its data: it outlives the original, and frees it only when both are gone', async () => {
  await tf.setBackend('wasm');
  const dataIds = tf.engine().backend.numDataIds();
  const original = tf.tensor2d([[1, 2], [3, 4]]);
  const copy = tf.clone(original);
  const intsOriginal = tf.tensor1d([5, 6], 'int32');
  const ints = tf.clone(intsOriginal);
  original.dispose();
  intsOriginal.dispose();
  assert.deepEqual(Array.from(copy.dataSync()), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(ints.dataSync()), [5, 6]);
  copy.dispose();
  ints.dispose();
  assert.equal(tf.engine().backend.numDataIds(), dataIds);
  const strings = tf.clone(tf.tensor1d(['a', 'b'], 'string'));
  assert.deepEqual(strings.dataSync(), ['a', 'b']);
});
