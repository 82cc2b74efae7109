// The two benchmark models, as tfjs Sequential models. scripts/bench/backends_torch.py builds
// the same ones in PyTorch.
//   mlp: the seed's MNIST model, 784-512(relu)-10(softmax)
//   cnn: conv 3x3x16 relu, max-pool 2, conv 3x3x32 relu, max-pool 2, dense 64 relu, dense 10 softmax

import type * as tfjs from '@tensorflow/tfjs';

export type BenchModel = 'mlp' | 'cnn';

export function buildModel(tf: typeof tfjs, kind: BenchModel): tfjs.Sequential {
  const layers =
    kind === 'mlp'
      ? [
          tf.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ]
      : [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 64, activation: 'relu' }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ];
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
