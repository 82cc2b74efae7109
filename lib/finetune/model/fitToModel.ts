// Giving a dataset the model's input shape: unchanged, or reshaped when both hold as many values.

import * as tf from '@tensorflow/tfjs';
import type { BaseModel } from './baseModel';
import { dataPathOf } from '../data/loadDataset';
import type { Dataset } from '../data/dataset';
import { inputFit } from './inputShape';

export function fitToModel(dataset: Dataset, base: BaseModel): Dataset {
  const fit = inputFit(dataset.featureShape, base.inputShape, dataPathOf(dataset.source), base.file);
  if (fit === 'same') return dataset;
  const shape = base.inputShape;
  if (!shape.every((d): d is number => d !== null)) throw new Error(`tlnb: ${base.file} takes a shape with free dimensions; only 'same' fits it`);
  return {
    ...dataset,
    xs: tf.reshape(dataset.xs, [dataset.classIds.length, ...shape]),
    featureShape: shape,
    notes: [...dataset.notes, `examples of shape [${dataset.featureShape.join(', ')}] reshaped to the model's input [${shape.join(', ')}]`],
  };
}
