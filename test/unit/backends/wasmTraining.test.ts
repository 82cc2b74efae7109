// Training on wasm follows the cpu backend's loss curve step by step: the same seeded weights,
// data and dropout masks, only the backend differs.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { loadMnistTrain } from '../../../scripts/bench/mnistIdx';
import { backendsReady, randomValues } from './cpuReference';

before(backendsReady);

async function lossCurve(
  backend: 'cpu' | 'wasm',
  build: () => tf.Sequential,
  data: () => [tf.Tensor, tf.Tensor],
  epochs: number,
  batchSize: number,
): Promise<number[]> {
  await tf.setBackend(backend);
  const model = build();
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const [x, y] = data();
  const losses: number[] = [];
  await model.fit(x, y, {
    epochs,
    batchSize,
    shuffle: false,
    verbose: 0,
    callbacks: { onBatchEnd: async (_batch, logs) => void losses.push(logs!['loss'] as number) },
  });
  tf.dispose([x, y]);
  model.dispose();
  return losses;
}

function assertSameCurve(wasm: number[], cpu: number[], what: string): void {
  assert.equal(wasm.length, cpu.length);
  cpu.forEach((expected, step) => {
    const actual = wasm[step]!;
    assert.ok(Math.abs(actual - expected) <= 1e-3 * Math.abs(expected), `${what} step ${step}: wasm loss ${actual}, cpu loss ${expected}`);
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [first, last] = [mean(cpu.slice(0, 3)), mean(cpu.slice(-3))];
  assert.ok(last < 0.95 * first, `${what} trains: mean loss of the first 3 steps ${first}, of the last 3 ${last}`);
}

const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

/** MNIST digits averaged down to 14x14, so that the cpu reference trains in seconds. */
function smallDigits(count: number): { images: Float32Array; labels: Int32Array } {
  const { images, labels } = loadMnistTrain(count);
  const small = new Float32Array(count * 14 * 14);
  for (let n = 0; n < count; n++) {
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        const at = (dr: number, dc: number) => images[n * 784 + (2 * r + dr) * 28 + 2 * c + dc]!;
        small[n * 196 + r * 14 + c] = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4;
      }
    }
  }
  return { images: small, labels };
}

test('a CNN (conv, max-pooling, strided conv, dropout, dense) trains on wasm along the cpu loss curve, on real MNIST', async () => {
  const count = 192;
  const { images, labels } = smallDigits(count);
  const build = () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [14, 14, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: seeded(1) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 12, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: seeded(2) }),
        tf.layers.dropout({ rate: 0.25, seed: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: seeded(4) }),
      ],
    });
  const data = (): [tf.Tensor, tf.Tensor] => [tf.tensor4d(images, [count, 14, 14, 1]), tf.oneHot(tf.tensor1d(labels, 'int32'), 10)];
  const cpu = await lossCurve('cpu', build, data, 3, 32);
  const wasm = await lossCurve('wasm', build, data, 3, 32);
  assertSameCurve(wasm, cpu, 'CNN');
});

test('an Embedding model trains on wasm along the cpu loss curve', async () => {
  // Sequences of 12 tokens from a vocabulary of 40; the class says which of tokens 3 and 7 is
  // more frequent: learnable only through the embedding.
  const count = 256;
  const noise = randomValues(count * 12, 5);
  const tokens = Array.from(noise, (v) => Math.floor((v + 1) * 20) % 40);
  const classes = Array.from({ length: count }, (_, i) => {
    const row = tokens.slice(i * 12, i * 12 + 12);
    return row.filter((t) => t === 7).length > row.filter((t) => t === 3).length ? 1 : 0;
  });
  const build = () =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 40, outputDim: 6, inputLength: 12, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 6 }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: seeded(7) }),
        tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(8) }),
      ],
    });
  const data = (): [tf.Tensor, tf.Tensor] => [tf.tensor2d(tokens, [count, 12], 'int32'), tf.oneHot(tf.tensor1d(classes, 'int32'), 2)];
  const cpu = await lossCurve('cpu', build, data, 6, 32);
  const wasm = await lossCurve('wasm', build, data, 6, 32);
  assertSameCurve(wasm, cpu, 'Embedding');
});
