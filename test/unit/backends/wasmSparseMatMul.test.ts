// The zero-skipping product (lib/backends/wasm/sparseMatMul.ts) against the cpu backend:
// called directly (so the test knows the sparse kernel ran, not XNNPACK), and through
// tf.matMul with gradients, on sparse operands of several shapes: odd sizes, a single row,
// column counts that leave 4-column and single-column remainders after the 24-column blocks, a transposed left operand.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { listedProduct, MAX_DENSITY, sparseLeftProduct } from '../../../lib/backends/wasm/sparseMatMul';
import { assertClose, assertMatchesCpu, backendsReady, randomValues } from './cpuReference';

before(backendsReady);

/** Values in [-1, 1) with about `density` of them non-zero (deterministic). */
function sparseValues(size: number, density: number, seed: number): Float32Array {
  const values = randomValues(size, seed);
  const keep = randomValues(size, seed + 1000);
  return values.map((v, i) => ((keep[i]! + 1) / 2 < density ? v : 0));
}

function cpuProduct(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], transposeA: boolean): Float32Array {
  void tf.setBackend('cpu'); // the cpu backend starts synchronously; the promise only reports it
  return tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, false).dataSync() as Float32Array);
}

// [m, k, n, transposed, density]: each has m·k·n ≥ 2^18 so that the kernel is used.
const cases: Array<[number, number, number, boolean, number]> = [
  [128, 784, 512, false, 0.19], // the MNIST MLP's forward product
  [784, 128, 512, true, 0.19], // and its weight gradient, xᵀ·dy
  [1, 784, 512, false, 0.3], // a batch of one
  [7, 300, 131, false, 0.1], // odd sizes: 5 blocks of 24 columns, 2 of 4, then 3 single columns
  [128, 64, 33, false, 0.25],
  [45, 97, 61, true, 0.35],
  [300, 29, 37, true, 0.05],
  [64, 256, 32, false, 0], // all zero
];

for (const [m, k, n, transposed, density] of cases) {
  test(`sparse product ${transposed ? `[${k},${m}]ᵀ` : `[${m},${k}]`} x [${k},${n}] at density ${density} matches cpu`, async () => {
    const aShape = transposed ? [k, m] : [m, k];
    const a = sparseValues(m * k, density, m + k);
    const b = randomValues(k * n, n);
    const expected = cpuProduct(a, aShape, b, [k, n], transposed);
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const at = tf.tensor(a, aShape);
    const bt = tf.tensor(b, [k, n]);
    const out = sparseLeftProduct(backend, { info: at, transposed }, bt, m, k, n);
    assert.ok(out !== undefined, 'the sparse kernel declined an operand it should take');
    const result = tf.engine().makeTensorFromTensorInfo(out);
    assert.deepEqual(result.shape, [m, n]);
    assertClose(result.dataSync() as Float32Array, expected, 'sparse product');
    tf.dispose([at, bt, result]);
  });
}

test('a left operand denser than MAX_DENSITY is left to XNNPACK', async () => {
  await tf.setBackend('wasm');
  const [m, k, n] = [64, 128, 64];
  const a = tf.tensor(sparseValues(m * k, Math.min(1, MAX_DENSITY + 0.2), 5), [m, k]);
  const b = tf.tensor(randomValues(k * n, 6), [k, n]);
  assert.equal(sparseLeftProduct(tf.backend() as BackendWasm, { info: a, transposed: false }, b, m, k, n), undefined);
  tf.dispose([a, b]);
});

for (const [m, k, n] of [[128, 784, 64], [1, 600, 437], [33, 250, 40]] as const) {
  test(`tf.matMul of a sparse [${m},${k}] by [${k},${n}]: value and both gradients match cpu`, async () => {
    // The gradient of a is dy·bᵀ (dense, XNNPACK); b's is aᵀ·dy, the sparse kernel again.
    await assertMatchesCpu(`sparse matMul ${m}x${k}x${n}`, [
      { shape: [m, k], values: sparseValues(m * k, 0.2, 7) },
      { shape: [k, n], values: randomValues(k * n, 8) },
    ], (a, b) => tf.matMul(a!, b!));
  });
}

for (const activation of ['linear', 'relu', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const) {
  test(`_FusedMatMul of a sparse left operand with bias and ${activation} matches cpu`, async () => {
    const [m, k, n] = [50, 784, 70];
    const a = sparseValues(m * k, 0.2, 11);
    const b = randomValues(k * n, 12);
    const bias = randomValues(n, 13);
    const alpha = randomValues(n, 14);
    // Outside a gradient, tf.fused.matMul runs the _FusedMatMul kernel itself.
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      return tf.tidy(() => tf.fused.matMul({
        a: tf.tensor2d(a, [m, k]),
        b: tf.tensor2d(b, [k, n]),
        bias: tf.tensor1d(bias),
        activation,
        ...(activation === 'prelu' ? { preluActivationWeights: tf.tensor1d(alpha) } : {}),
        ...(activation === 'leakyrelu' ? { leakyreluAlpha: 0.3 } : {}),
      }).dataSync() as Float32Array);
    };
    assertClose(await run('wasm'), await run('cpu'), `fused ${activation}`);
  });
}

// aᵀ·b with a narrow b (a Dense layer's weight gradient hᵀ·dy) runs as (bᵀ·a)ᵀ on the same kernel.
for (const [k, m, n] of [[128, 512, 10], [37, 53, 5], [1, 30, 1], [64, 200, 23]] as const) {
  test(`tf.matMul of [${k},${m}]ᵀ by a narrow [${k},${n}] (listed, transposed back) matches cpu with gradients`, async () => {
    await assertMatchesCpu(`narrow aᵀ·b ${k}x${m}x${n}`, [
      { shape: [k, m], values: sparseValues(k * m, 0.5, 21) },
      { shape: [k, n], values: randomValues(k * n, 22) },
    ], (a, b) => tf.matMul(a!, b!, true, false));
  });
}

test('listedProduct computes a dense left operand too', async () => {
  const [m, k, n] = [10, 128, 512];
  const a = randomValues(k * m, 31); // stored [k, m], used transposed
  const b = randomValues(k * n, 32);
  const expected = cpuProduct(a, [k, m], b, [k, n], true);
  await tf.setBackend('wasm');
  const at = tf.tensor(a, [k, m]);
  const bt = tf.tensor(b, [k, n]);
  const out = listedProduct(tf.backend() as BackendWasm, { info: at, transposed: true }, bt, m, k, n);
  assert.ok(out !== undefined);
  const result = tf.engine().makeTensorFromTensorInfo(out);
  assertClose(result.dataSync() as Float32Array, expected, 'listed product');
  tf.dispose([at, bt, result]);
});
