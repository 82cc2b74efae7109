// Small kernels on the calling thread on the threaded wasm build (lib/backends/wasm/poolGate.ts):
// the pool pointer's address read from a binary, which calls are worth the pool, and, on the real
// threaded build, that a small kernel really runs without the pool and a big one with it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import createWabt from 'wabt';
import { DEFAULT_MIN_ELEMENTS, DEFAULT_MIN_MACS, loadedGlobalAddress, worthThePool } from '../../../lib/backends/wasm/poolGate';
import { threadedWasmFiles } from '../../../lib/backends/wasm/threadedBackend';

const ROOT = join(__dirname, '..', '..', '..');

async function assemble(wat: string): Promise<Uint8Array> {
  const wabt = await createWabt();
  const module = wabt.parseWat('probe.wat', wat);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

test('the address a function loads first is read from the binary, past imported functions and locals; anything else gives none', async () => {
  const binary = await assemble(`(module
    (import "env" "f" (func (param i32)))
    (import "env" "memory" (memory 1))
    (func (result i32) i32.const 7)
    (func (export "get_threads_count") (result i32) (local i32 i64) i32.const 23564 i32.load)
    (func (export "other") (result i32) i32.const 8 i32.const 4 i32.add))`);
  assert.equal(loadedGlobalAddress(binary, 'get_threads_count'), 23564);
  assert.equal(loadedGlobalAddress(binary, 'other'), undefined, 'a body that does not load');
  assert.equal(loadedGlobalAddress(binary, 'missing'), undefined);
  assert.equal(loadedGlobalAddress(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 'get_threads_count'), undefined, 'not WebAssembly');
  for (const cut of [9, 20, 40]) assert.equal(loadedGlobalAddress(binary.subarray(0, cut), 'get_threads_count'), undefined, `cut at ${cut}`);
});

test('tfjs\'s threaded binary: get_threads_count loads the pool pointer from a word-aligned address', () => {
  const files = threadedWasmFiles(undefined);
  assert.ok(files !== undefined, 'tfjs-backend-wasm\'s threaded build is installed');
  const address = loadedGlobalAddress(readFileSync(files.binary), 'get_threads_count');
  assert.ok(address !== undefined && address > 0 && address % 4 === 0, String(address));
});

test('which calls are worth the pool: big products and convolutions, big element-wise kernels', () => {
  const t = (shape: number[]) => ({ dataId: {}, shape, dtype: 'float32' as const });
  const worth = (name: string, inputs: Record<string, ReturnType<typeof t>>, attrs: Record<string, unknown> = {}) =>
    worthThePool(name, inputs, attrs, DEFAULT_MIN_MACS, DEFAULT_MIN_ELEMENTS);
  // A Dense layer's products at batch 128: x·W and xᵀ·dy (784 → 512) yes; the output layer's (512 → 10) no.
  assert.equal(worth('BatchMatMul', { a: t([128, 784]), b: t([784, 512]) }), true);
  assert.equal(worth('BatchMatMul', { a: t([128, 784]), b: t([128, 512]) }, { transposeA: true }), true);
  assert.equal(worth('_FusedMatMul', { a: t([1, 128, 512]), b: t([1, 512, 10]) }), false);
  assert.equal(worth('BatchMatMul', { a: t([1, 128, 10]), b: t([1, 512, 10]) }, { transposeB: true }), false);
  // A batch of products counts every matrix, a single left operand broadcast over b's batch too.
  assert.equal(worth('BatchMatMul', { a: t([64, 64, 64]), b: t([64, 64, 64]) }), true);
  assert.equal(worth('BatchMatMul', { a: t([64, 64]), b: t([64, 64, 64]) }), true);
  // The small CNN's convolutions at batch 128: 3×3×1×16 on 28×28 yes; a 1×1 on a tiny image no.
  assert.equal(worth('Conv2D', { x: t([128, 28, 28, 1]), filter: t([3, 3, 1, 16]) }), true);
  assert.equal(worth('Conv2DBackpropFilter', { x: t([128, 13, 13, 16]), dy: t([128, 11, 11, 32]) }, { filterShape: [3, 3, 16, 32] }), true);
  assert.equal(worth('Conv2D', { x: t([1, 4, 4, 2]), filter: t([1, 1, 2, 2]) }), false);
  // Element-wise kernels by their elements.
  assert.equal(worth('Multiply', { a: t([128, 1]), b: t([128, 10]) }), false);
  assert.equal(worth('Add', { a: t([1024, 1024]), b: t([1024]) }), true);
  assert.equal(worth('Relu', { x: t([128, 512]) }), false);
});

test('on the threaded build with 2 threads a small kernel runs without the pool, a big one with it; TLNB_WASM_POOL_MIN_WORK=0 keeps the pool for all', () => {
  // A kernel that answers how many threads XNNPACK would get: get_threads_count reads the pool
  // pointer the gate switches (-1 without a pool).
  const script = `
    const tf = require('@tensorflow/tfjs');
    const { initBackend } = require('./lib/backends');
    const { gateWasmKernels } = require('./lib/backends/wasm/poolGate');
    tf.registerKernel({ kernelName: 'TlnbPoolProbe', backendName: 'wasm', kernelFunc: ({ inputs, backend }) => {
      const threads = backend.wasm.cwrap('get_threads_count', 'number', [])();
      const out = backend.makeOutput([1], 'float32');
      backend.typedArrayFromHeap(out)[0] = threads;
      return out;
    } });
    (async () => {
      const init = await initBackend({ preference: 'wasm', searchPaths: [process.cwd()] });
      gateWasmKernels();
      const probe = (size) => tf.tidy(() => tf.engine().runKernel('TlnbPoolProbe', { x: tf.zeros([size]) }, {}).dataSync()[0]);
      console.log(JSON.stringify({ detail: init.report.rungs.at(-1).detail, small: probe(1000), big: probe(1 << 20), after: probe(10) }));
    })();`;
  const run = (env: Record<string, string>) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, TLNB_WASM_THREADS: '2', ...env }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(out.status, 0, out.stderr.slice(-2000));
    return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { detail: string; small: number; big: number; after: number };
  };
  const gated = run({});
  assert.match(gated.detail, /2 threads .*small kernels on the calling thread$/);
  assert.deepEqual([gated.small, gated.big, gated.after], [-1, 2, -1]);
  const all = run({ TLNB_WASM_POOL_MIN_WORK: '0' });
  assert.match(all.detail, /every kernel on the pool: TLNB_WASM_POOL_MIN_WORK=0$/);
  assert.deepEqual([all.small, all.big, all.after], [2, 2, 2]);
});
