import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { assertClose, assertMatchesCpu, backendsReady, input } from './cpuReference';

before(backendsReady);

type Pad = 'same' | 'valid' | number;
const cases: Array<{ x: [number, number, number, number]; f: [number, number, number, number]; s: [number, number]; pad: Pad }> = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 1], s: [1, 1], pad: 'valid' },
  { x: [2, 7, 9, 3], f: [3, 3, 3, 4], s: [1, 1], pad: 'same' },
  { x: [3, 11, 8, 2], f: [5, 2, 2, 3], s: [2, 3], pad: 'same' },
  { x: [2, 9, 9, 4], f: [3, 3, 4, 5], s: [2, 2], pad: 'valid' },
  { x: [1, 6, 7, 3], f: [1, 1, 3, 7], s: [1, 1], pad: 'valid' },
  { x: [4, 10, 10, 2], f: [4, 4, 2, 2], s: [3, 3], pad: 'same' },
  // A numeric pad only with equal strides: tfjs computes the output width from the height's
  // stride and filter for numeric pads, and the wasm forward Conv2D then overruns its output.
  { x: [2, 8, 7, 3], f: [3, 3, 3, 2], s: [2, 2], pad: 1 },
  { x: [16, 13, 13, 16], f: [3, 3, 16, 32], s: [1, 1], pad: 'valid' },
  // More channels than a copy of 8 (im2col copies whole pixels), not a multiple of 4 (col2im's
  // SIMD adds leave two); and a first layer's shape: one channel, many windows.
  { x: [3, 9, 8, 10], f: [3, 3, 10, 6], s: [1, 2], pad: 'same' },
  { x: [32, 14, 14, 1], f: [3, 3, 1, 8], s: [1, 1], pad: 'valid' },
];

for (const [i, c] of cases.entries()) {
  test(`Conv2D gradients x${JSON.stringify(c.x)} filter${JSON.stringify(c.f)} strides ${c.s} pad ${c.pad} match cpu`, async () => {
    await assertMatchesCpu(`conv case ${i}`, [input(c.x, 10 + i), input(c.f, 30 + i)], (x, w) =>
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad));
  });
}

test('conv2dTranspose (Conv2DBackpropInput as a layer op) and its gradients match cpu', async () => {
  await assertMatchesCpu('conv2dTranspose', [input([2, 4, 5, 3], 51), input([3, 3, 2, 3], 52)], (x, w) =>
    tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 7, 9, 2], [2, 2], 'same'));
});

test('Conv2DBackpropFilter and Conv2DBackpropInput in NCHW layout match cpu', async () => {
  const x = input([2, 3, 7, 6], 61); // NCHW
  const dy = input([2, 4, 4, 3], 62); // stride 2, same: 7x6 -> 4x3
  const filter = input([3, 3, 3, 4], 63);
  const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NCHW' };
  const run = async (backend: 'cpu' | 'wasm') => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const xt = tf.tensor(x.values, x.shape);
      const dyt = tf.tensor(dy.values, dy.shape);
      const ft = tf.tensor(filter.values, filter.shape);
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: dyt }, { ...attrs, filterShape: filter.shape }) as tf.Tensor;
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: dyt, filter: ft }, { ...attrs, inputShape: x.shape }) as tf.Tensor;
      return [dw.dataSync() as Float32Array, dx.dataSync() as Float32Array];
    });
  };
  const [dwCpu, dxCpu] = await run('cpu');
  const [dwWasm, dxWasm] = await run('wasm');
  assertClose(dwWasm!, dwCpu!, 'NCHW filter gradient');
  assertClose(dxWasm!, dxCpu!, 'NCHW input gradient');
});

test('an empty batch gives zero filter and input gradients, as on cpu (the product kernel writes nothing when k = 0)', async () => {
  await tf.setBackend('wasm');
  // Freed non-zero memory first, so that an unwritten output would show.
  tf.tidy(() => {
    for (let i = 0; i < 5; i++) tf.fill([4096], 3.5).dataSync();
  });
  const [dx, dw] = tf.tidy(() => tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').sum())([tf.zeros([0, 8, 8, 8]), tf.ones([3, 3, 8, 4])]));
  assert.deepEqual(dx!.shape, [0, 8, 8, 8]);
  assert.ok((dw!.dataSync() as Float32Array).every((v) => v === 0), 'the filter gradient of an empty batch is all zeros');
  tf.dispose([dx!, dw!]);
});
