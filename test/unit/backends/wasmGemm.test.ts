// The fused-multiply-add product (lib/backends/wasm/gemm.ts, simd/gemm.wat): available on this
// Node (it turns V8's relaxed-SIMD flag on), called directly against the cpu backend for every
// transpose and batch layout it takes, never writing outside its output (tensors allocated around
// it keep their values), and split over worker threads on a shared heap (kernelPool.ts) with row
// counts that leave uneven shares. The products through tf.matMul are in wasmMatMul.test.ts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { gemmProduct, type GemmArgs, type PackArgs } from '../../../lib/backends/wasm/gemm';
import { KernelPool } from '../../../lib/backends/wasm/kernelPool';
import { relaxedSimdUnavailable } from '../../../lib/backends/wasm/simdModules';
import * as gemmWasm from '../../../lib/backends/wasm/simd/gemm.generated';
import { assertClose, backendsReady, randomValues } from './cpuReference';

before(backendsReady);

test('the kernel runs on this Node (relaxed SIMD turned on), and TLNB_WASM_RELAXED_SIMD=0 turns it off, saying so', () => {
  assert.equal(relaxedSimdUnavailable(), undefined);
  assert.equal(relaxedSimdUnavailable({ TLNB_WASM_RELAXED_SIMD: '0' }), 'TLNB_WASM_RELAXED_SIMD=0');
});

function cpuProduct(a: Float32Array, aShape: number[], tA: boolean, b: Float32Array, bShape: number[], tB: boolean): Float32Array {
  void tf.setBackend('cpu');
  return tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), tA, tB).dataSync() as Float32Array);
}

// [batch, batches of a, batches of b, m, k, n, tA, tB]: edge tiles (m % 4, n % 8), more than one
// block of k (256 per block), k = 1, one row, stacked and per-matrix batches.
const cases: Array<[number, number, number, number, number, number, boolean, boolean]> = [
  [1, 1, 1, 1, 1, 1, false, false],
  [1, 1, 1, 5, 1, 9, false, true],
  [1, 1, 1, 1, 300, 17, false, false],
  [1, 1, 1, 37, 513, 23, true, false],
  [1, 1, 1, 64, 64, 64, true, true],
  [3, 3, 1, 6, 40, 10, false, false],
  [3, 3, 1, 6, 40, 10, true, true],
  [3, 1, 3, 7, 12, 5, false, false],
  [2, 2, 2, 9, 270, 33, false, true],
];

for (const [batch, batchA, batchB, m, k, n, tA, tB] of cases) {
  test(`gemmProduct ${batch}×(${m}×${k}${tA ? ', a transposed' : ''})·(${k}×${n}${tB ? ', b transposed' : ''}), ${batchA} and ${batchB} matrices, matches cpu and writes nothing else`, async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const aShape = [batchA, tA ? k : m, tA ? m : k];
    const bShape = [batchB, tB ? n : k, tB ? k : n];
    const aValues = randomValues(batchA * m * k, m + k);
    const bValues = randomValues(batchB * k * n, k + n);
    const before = tf.fill([1000], 7);
    const a = tf.tensor(aValues, aShape);
    const between = tf.fill([1000], 7);
    const b = tf.tensor(bValues, bShape);
    const after = tf.fill([1000], 7);
    const out = gemmProduct(
      backend,
      { info: a as unknown as tf.TensorInfo, transposed: tA, batch: batchA },
      { info: b as unknown as tf.TensorInfo, transposed: tB, batch: batchB },
      batch,
      m,
      k,
      n,
    );
    const actual = (backend.readSync(out.dataId) as Float32Array).slice();
    backend.disposeData(out.dataId);
    for (const witness of [before, between, after]) assert.ok((witness.dataSync() as Float32Array).every((v) => v === 7), 'a tensor beside the product changed');
    const aT = tf.tidy(() => tf.broadcastTo(tf.tensor(aValues, aShape), [batch, aShape[1]!, aShape[2]!]).dataSync() as Float32Array);
    const bT = tf.tidy(() => tf.broadcastTo(tf.tensor(bValues, bShape), [batch, bShape[1]!, bShape[2]!]).dataSync() as Float32Array);
    const expected = cpuProduct(aT, [batch, aShape[1]!, aShape[2]!], tA, bT, [batch, bShape[1]!, bShape[2]!], tB);
    assertClose(actual, expected, 'product');
    tf.dispose([before, a, between, b, after]);
  });
}

test('the pool packs and computes a product with 3 threads on a shared memory: chunks of uneven size, fewer rows or panels than threads, and a first call before the workers have started', () => {
  assert.equal(relaxedSimdUnavailable(), undefined);
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
  const module = new WebAssembly.Module(Buffer.from(gemmWasm.WASM_SHARED_BASE64, 'base64'));
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as {
    packB(...args: PackArgs): void;
    gemm(...args: GemmArgs): void;
  };
  const pool = new KernelPool(memory, [{ module, name: 'gemm' }, { module, name: 'packB' }], 3);
  try {
    for (const [m, k, n] of [[37, 300, 19], [5, 8, 8], [128, 64, 40], [301, 40, 9], [16, 600, 130]] as const) {
      const floats = new Float32Array(memory.buffer);
      const aAt = 1024;
      const bAt = aAt + 4 * m * k;
      const cAt = bAt + 4 * k * n;
      const packedAt = cAt + 4 * m * n;
      const workAt = packedAt + 4 * k * ((n + 7) & ~7);
      const workBytes = 16 * Math.min(256, k) * (Math.ceil(m / 4) + 1) + 128;
      floats.set(randomValues(m * k, 1), aAt / 4);
      floats.set(randomValues(k * n, 2), bAt / 4);
      floats.fill(NaN, cAt / 4, cAt / 4 + m * n);
      floats.fill(NaN, packedAt / 4, workAt / 4);
      pool.run('packB', kernels.packB, [bAt, 4 * n, 4, k, n, 256, packedAt, 0, n], { at: 7, total: n, grain: 8 });
      pool.run('gemm', kernels.gemm, [aAt, 4 * k, 4, 0, m, k, packedAt, n, 256, cAt, 4 * n, workAt], { at: 3, total: m, grain: 4 }, { at: 11, stride: workBytes });
      const expected = cpuProduct(floats.slice(aAt / 4, aAt / 4 + m * k), [m, k], false, floats.slice(bAt / 4, bAt / 4 + k * n), [k, n], false);
      assertClose(floats.slice(cAt / 4, cAt / 4 + m * n), expected, `${m}×${k}×${n} on the pool`);
    }
  } finally {
    pool.close();
  }
});

test('the kernel writes only its output, the packed B (k × n rounded up to 8) and the work area its comment sizes', () => {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const module = new WebAssembly.Module(Buffer.from(gemmWasm.WASM_BASE64, 'base64'));
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as {
    packB(...args: PackArgs): void;
    gemm(...args: GemmArgs): void;
  };
  const SENTINEL = 12345;
  const floats = new Float32Array(memory.buffer);
  for (const [m, k, n, tA] of [[13, 3, 300, false], [9, 600, 5, true], [4, 256, 8, false], [1, 1, 1, false]] as const) {
    floats.fill(SENTINEL);
    const aAt = 1024;
    const bAt = aAt + 4 * m * k + 64;
    const cAt = bAt + 4 * k * n + 64;
    const packedAt = cAt + 4 * m * n + 64;
    const packedBytes = 4 * k * ((n + 7) & ~7);
    const workAt = packedAt + packedBytes + 64;
    const workBytes = 16 * Math.min(256, k) * Math.ceil(m / 4) + 128;
    floats.set(randomValues(m * k, 3), aAt / 4);
    floats.set(randomValues(k * n, 4), bAt / 4);
    kernels.packB(bAt, 4 * n, 4, k, n, 256, packedAt, 0, n);
    kernels.gemm(aAt, tA ? 4 : 4 * k, tA ? 4 * m : 4, 0, m, k, packedAt, n, 256, cAt, 4 * n, workAt);
    const untouched = (from: number, to: number) => floats.subarray(from / 4, to / 4).every((v) => v === SENTINEL);
    assert.ok(untouched(0, aAt) && untouched(aAt + 4 * m * k, bAt) && untouched(bAt + 4 * k * n, cAt), `${m}×${k}×${n}: written before the output`);
    assert.ok(untouched(cAt + 4 * m * n, packedAt) && untouched(packedAt + packedBytes, workAt), `${m}×${k}×${n}: written outside the output or the packed B`);
    assert.ok(untouched(workAt + workBytes, floats.length * 4), `${m}×${k}×${n}: written past the work area`);
    const a = floats.slice(aAt / 4, aAt / 4 + m * k);
    const expected = cpuProduct(a, tA ? [k, m] : [m, k], tA, floats.slice(bAt / 4, bAt / 4 + k * n), [k, n], false);
    assertClose(floats.slice(cAt / 4, cAt / 4 + m * n), expected, `${m}×${k}×${n}`);
  }
});

test('with TLNB_WASM_RELAXED_SIMD=0 the products and convolutions take XNNPACK again, and their parity tests pass there too', () => {
  const files = ['wasmMatMul.test.ts', 'wasmConv.test.ts'].map((name) => join(__dirname, name));
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
    cwd: join(__dirname, '..', '..', '..'),
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, TLNB_WASM_RELAXED_SIMD: '0' },
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const summary = (key: string) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(run.stdout)?.[1]);
  assert.equal(run.status, 0, `${run.stdout.split('\n').filter((line) => /^not ok|error:/.test(line.trim())).slice(0, 20).join('\n')}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary('pass') >= 50, `passed: ${summary('pass')}`);
});

test('a convolution whose window matrix does not fit the heap fails with a clear error, and the tensors already there keep their values', () => {
  // In a process of its own: the wasm heap grows to its 4 GiB limit.
  const script = `
    const tf = require('@tensorflow/tfjs');
    const { backendsReady } = require('./test/unit/backends/cpuReference');
    (async () => {
      await backendsReady();
      await tf.setBackend('wasm');
      const backend = tf.backend();
      const witness = tf.fill([64], 7);
      backend.makeOutput([Math.floor((3.75 * 2 ** 30) / 4)], 'float32'); // most of the heap
      let message = 'no error';
      try {
        tf.conv2d(tf.ones([64, 64, 64, 32]), tf.ones([3, 3, 32, 8]), 1, 'same').dataSync();
      } catch (error) {
        message = error.message;
      }
      console.log(JSON.stringify({ message, witness: Array.from(witness.dataSync()), later: Array.from(tf.add(tf.ones([4]), 1).dataSync()) }));
    })();`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..', '..', '..'), encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr.slice(-2000));
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { message: string; witness: number[]; later: number[] };
  assert.match(result.message, /^out of WebAssembly memory: the 262144×288 window matrix of a convolution needs 288\.0 MiB that the wasm backend's heap cannot grow to hold/);
  assert.ok(result.witness.every((v) => v === 7), 'a tensor allocated before kept its values');
  assert.deepEqual(result.later, [2, 2, 2, 2]);
});
