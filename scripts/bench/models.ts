// The two benchmark models, as tfjs Sequential models. scripts/bench/backends_torch.py builds
// the same ones in PyTorch.
//   mlp: the seed's MNIST model, 784-512(relu)-10(softmax), on pixels scaled to [0, 1]
//   mlp-dense: the same model on standardized pixels ((p - 0.1307) / 0.3081, as many tutorials
//     do), where no input is zero: the figure without the wasm rung's zero-skipping product
//   cnn: conv 3x3x16 relu, max-pool 2, conv 3x3x32 relu, max-pool 2, dense 64 relu, dense 10 softmax

import type * as tfjs from '@tensorflow/tfjs';
import type { ParsedSpec } from './gpuWorkloads';

export type BenchModel = 'mlp' | 'cnn' | 'mlp-dense';

/** MNIST's pixel mean and standard deviation (of values in [0, 1]), for mlp-dense. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/** The model's input for MNIST pixels in [0, 1] (standardized in place for mlp-dense). */
export function benchInput(kind: BenchModel, images: Float32Array): Float32Array {
  if (kind === 'mlp-dense') for (let i = 0; i < images.length; i++) images[i] = (images[i]! - MNIST_MEAN) / MNIST_STD;
  return images;
}

export function buildModel(tf: typeof tfjs, kind: BenchModel): tfjs.Sequential {
  const layers =
    kind !== 'cnn'
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

/** A model of `npm run bench:gpu` from its spec (scripts/bench/gpuWorkloads.ts), Adam 1e-3, as buildModel's. */
export function specModel(tf: typeof tfjs, spec: ParsedSpec): tfjs.Sequential {
  const layers: tfjs.layers.Layer[] = [];
  if (spec.kind === 'mlp') {
    spec.units.slice(1).forEach((units, i, all) =>
      layers.push(tf.layers.dense({ ...(i === 0 ? { inputShape: [spec.units[0]!] } : {}), units, activation: i === all.length - 1 ? 'softmax' : 'relu' })),
    );
  } else if (spec.kind === 'cnn') {
    spec.filters.forEach((filters, i) => {
      layers.push(tf.layers.conv2d({ ...(i === 0 ? { inputShape: [28, 28, 1] } : {}), filters, kernelSize: spec.kernel, activation: 'relu' }));
      layers.push(tf.layers.maxPooling2d({ poolSize: 2 }));
    });
    layers.push(tf.layers.flatten());
    spec.dense.forEach((units, i, all) => layers.push(tf.layers.dense({ units, activation: i === all.length - 1 ? 'softmax' : 'relu' })));
  } else {
    throw new Error('matmul is not a model');
  }
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
