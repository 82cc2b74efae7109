// Runs the same computation on the `cpu` backend (the reference) and on `wasm` with the
// project's kernels, and compares values and gradients. With TLNB_WASM_THREADS=N (N > 1) the
// `wasm` backend is tfjs's threaded build on N threads, as the rung starts it
// (wasmThreads.test.ts runs every parity file that way).

import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../lib/backends/wasm/register';
import { createThreadedWasmBackend, threadedWasmFiles } from '../../../lib/backends/wasm/threadedBackend';

let ready: Promise<void> | undefined;

/** Registers the project's wasm kernels and initialises both backends once per test file. */
export function backendsReady(): Promise<void> {
  ready ??= (async () => {
    registerWasmTrainingKernels();
    const threads = Number(process.env.TLNB_WASM_THREADS ?? '1');
    if (threads > 1) {
      const files = threadedWasmFiles(undefined);
      if (files === undefined) throw new Error('tfjs-backend-wasm\'s threaded build is not installed');
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', () => createThreadedWasmBackend(files, threads), 2);
    }
    for (const name of ['cpu', 'wasm']) {
      if (!(await tf.setBackend(name))) throw new Error(`could not initialise the ${name} backend`);
    }
    if (getThreadsCount() !== threads) throw new Error(`the wasm backend runs ${getThreadsCount()} threads, not the ${threads} asked for`);
  })();
  return ready;
}

/** Deterministic values in [-1, 1) (mulberry32), so a failure can be reproduced. */
export function randomValues(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

export interface Outputs {
  value: Float32Array;
  grads: Float32Array[];
}

/**
 * Evaluates f and the gradients of sum(f(...xs) * w) for a fixed random w on one backend.
 * Inputs are given as plain arrays so each backend builds its own tensors.
 */
export async function evaluate(
  backend: string,
  inputs: Array<{ shape: number[]; values: Float32Array }>,
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  withGradients = true,
): Promise<Outputs> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
    const y = f(...xs);
    if (!withGradients) return { value: y.dataSync() as Float32Array, grads: [] };
    const w = tf.tensor(randomValues(y.size, 99), y.shape);
    const grads = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(f(...args), w)))(xs);
    return { value: y.dataSync() as Float32Array, grads: grads.map((g) => g.dataSync() as Float32Array) };
  });
}

/**
 * Relative tolerance 1e-4 per element. An element far smaller than the tensor's typical
 * magnitude (its mean absolute value) is compared against that magnitude instead: float32
 * sums of many terms in a different order cannot agree to 1e-4 of a value that cancelled
 * to almost zero.
 */
export function assertClose(actual: Float32Array, expected: Float32Array, what: string, rtol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  let scale = 0;
  for (const e of expected) scale += Math.abs(e);
  scale /= Math.max(1, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const limit = rtol * Math.max(Math.abs(e), scale);
    if (!(Math.abs(a - e) <= limit)) {
      assert.fail(`${what}: element ${i} is ${a}, expected ${e} (difference ${Math.abs(a - e)} > ${limit})`);
    }
  }
}

/**
 * f's values and input gradients agree between wasm and cpu. `gradients: false` for ops whose
 * gradient tfjs-core itself cannot compute (broadcast batch dimensions of matMul).
 */
export async function assertMatchesCpu(
  what: string,
  inputs: Array<{ shape: number[]; values: Float32Array }>,
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  options: { gradients: boolean } = { gradients: true },
): Promise<void> {
  const expected = await evaluate('cpu', inputs, f, options.gradients);
  const actual = await evaluate('wasm', inputs, f, options.gradients);
  assertClose(actual.value, expected.value, `${what} value`);
  expected.grads.forEach((g, i) => assertClose(actual.grads[i]!, g, `${what} gradient of input ${i}`));
}

export function input(shape: number[], seed: number): { shape: number[]; values: Float32Array } {
  return { shape, values: randomValues(shape.reduce((a, b) => a * b, 1), seed) };
}
