// tf.train.adam on wasm runs one fused TlnbAdamUpdate kernel per variable
// (lib/backends/wasm/adamUpdate.ts, routed by lib/backends/fused/adam.ts); its variables, moments and saved optimizer weights
// must be those of tfjs's own update on the cpu backend.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ADAM_KERNEL } from '../../../lib/backends/fused/adam';
import { KernelPool } from '../../../lib/backends/wasm/kernelPool';
import * as adamUpdateWasm from '../../../lib/backends/wasm/simd/adamUpdate.generated';
import { assertClose, backendsReady, randomValues } from './cpuReference';

before(backendsReady);

// Odd sizes (the SIMD loop's remainder), a scalar, a kernel-shaped variable, one of 4·k, and one big
// enough to be split over the threads of the threaded build (wasmThreads.test.ts runs this file there).
const SHAPES = [[1], [7], [13, 5], [3, 3, 2, 4], [64], [257, 259]];
const STEPS = 6;

interface Run {
  values: Float32Array[];
  weights: Array<{ name: string; values: Float32Array }>;
  kernels: string[];
}

async function train(backend: 'cpu' | 'wasm', options: { skipGradientOf?: number; learningRate?: number } = {}): Promise<Run> {
  await tf.setBackend(backend);
  const variables = SHAPES.map((shape, i) => tf.variable(tf.tensor(randomValues(tf.util.sizeFromShape(shape), i + 1), shape), true, `adam_${backend}_${i}_${Math.random()}`));
  const optimizer = tf.train.adam(options.learningRate ?? 0.01, 0.9, 0.999, 1e-7);
  const kernels = new Set<string>();
  for (let step = 0; step < STEPS; step++) {
    const grads = variables.map((v, i) => ({
      name: v.name,
      tensor: tf.tensor(randomValues(v.size, 100 * step + i), v.shape),
    }));
    const applied = grads.filter((_, i) => i !== options.skipGradientOf);
    const info = await tf.profile(() => optimizer.applyGradients(applied));
    info.kernelNames.forEach((k) => kernels.add(k));
    tf.dispose(grads.map((g) => g.tensor));
  }
  const weights = await optimizer.getWeights();
  const run: Run = {
    values: variables.map((v) => v.dataSync() as Float32Array),
    weights: weights.map((w) => ({ name: w.name, values: w.tensor.dataSync() as Float32Array })),
    kernels: [...kernels],
  };
  optimizer.dispose();
  tf.dispose(variables);
  return run;
}

function assertSameRun(wasm: Run, cpu: Run): void {
  wasm.values.forEach((v, i) => assertClose(v, cpu.values[i]!, `variable ${i} after ${STEPS} steps`));
  assert.equal(wasm.weights.length, cpu.weights.length);
  wasm.weights.forEach((w, i) => {
    // Names carry the variable names, which differ per backend here; compare their suffix.
    assert.equal(w.name.replace(/^adam_wasm_\d+_[\d.]+/, 'v').replace(/^iter$/, 'iter'), cpu.weights[i]!.name.replace(/^adam_cpu_\d+_[\d.]+/, 'v'));
    assertClose(w.values, cpu.weights[i]!.values, `optimizer weight ${w.name}`);
  });
}

test('Adam on wasm uses the fused kernel and matches cpu: variables, moments, iterations', async () => {
  const cpu = await train('cpu');
  const wasm = await train('wasm');
  assert.ok(wasm.kernels.includes(ADAM_KERNEL), `wasm ran ${wasm.kernels.join(', ')}`);
  assert.ok(!wasm.kernels.includes('Sqrt'), 'the unfused update ran on wasm');
  assert.ok(!cpu.kernels.includes(ADAM_KERNEL), 'the fused kernel ran on cpu');
  assertSameRun(wasm, cpu);
});

test('Adam on wasm with a variable that gets no gradient leaves it unchanged, as on cpu', async () => {
  const cpu = await train('cpu', { skipGradientOf: 2, learningRate: 0.1 });
  const wasm = await train('wasm', { skipGradientOf: 2, learningRate: 0.1 });
  assertClose(wasm.values[2]!, randomValues(wasm.values[2]!.length, 3), 'the variable without gradient');
  assertSameRun(wasm, cpu);
});

test('a model trained with Adam on wasm can save and restore its optimizer state', async () => {
  await tf.setBackend('wasm');
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], kernelInitializer: 'ones' })] });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  const x = tf.tensor(randomValues(40, 1), [10, 4]);
  const y = tf.tensor(randomValues(30, 2), [10, 3]);
  await model.fit(x, y, { epochs: 3, batchSize: 5, verbose: 0 });
  const saved = await model.optimizer.getWeights();
  assert.deepEqual(saved.map((w) => w.name).slice(1).map((n) => n.split('/').at(-1)), ['m', 'm', 'v', 'v']);
  const restored = tf.train.adam(0.05);
  await restored.setWeights(saved);
  assert.equal(restored.iterations, 6);
  tf.dispose([x, y]);
  model.dispose();
});

test('split over 3 threads on a shared memory (kernelPool.ts), the update gives the same bits as one call, chunks of uneven size included', () => {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
  const module = new WebAssembly.Module(Buffer.from(adamUpdateWasm.WASM_SHARED_BASE64, 'base64'));
  const adamUpdate = (new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as { adamUpdate(...args: number[]): void }).adamUpdate;
  const pool = new KernelPool(memory, [{ module, name: 'adamUpdate' }], 3);
  try {
    for (const size of [1, 5, 48, 1001, 70_001]) {
      const floats = new Float32Array(memory.buffer);
      // w, m, v, g, then the outputs of the pool's run and of one plain call.
      const at = (array: number) => 1024 + 4 * array * (size + 16);
      for (let array = 0; array < 4; array++) floats.set(randomValues(size, array + 1).map((x) => (array === 2 ? x * x : x)), at(array) / 4);
      const factors = [0.9, 0.1, 0.999, 0.001, 0.2, 0.05, -0.01, 1e-7];
      const run = (out: number) => [at(0), at(1), at(2), at(3), at(out), at(out + 1), at(out + 2), 0, size, ...factors];
      pool.run('adamUpdate', adamUpdate, run(4), { at: 7, total: size, grain: 16 });
      adamUpdate(...run(7));
      for (let i = 0; i < 3; i++) {
        const pooled = floats.slice(at(4 + i) / 4, at(4 + i) / 4 + size);
        const plain = floats.slice(at(7 + i) / 4, at(7 + i) / 4 + size);
        assert.deepEqual(pooled, plain, `${['value', 'm', 'v'][i]} of ${size} elements`);
      }
    }
  } finally {
    pool.close();
  }
});
