// Accuracy and predictions on held-out examples, computed the same way before and after training.

import * as tf from '@tensorflow/tfjs';
import { accuracy, confusionCounts } from '../../data/metrics';
import type { Examples } from '../data/split';

export interface Evaluation {
  accuracy: number;
  /** The predicted class id of each example. */
  predicted: Int32Array;
  /** The predicted probability of the predicted class, per example. */
  confidence: Float32Array;
  /** matrix[actual][predicted] */
  confusion: number[][];
}

export function evaluate(model: tf.LayersModel, examples: Examples, classCount: number): Evaluation {
  const [predicted, confidence] = tf.tidy(() => {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- a classifier with one output (prepareModel builds it) predicts one [examples, classes] tensor
    const probabilities = model.predict(examples.xs, { batchSize: 256 }) as tf.Tensor2D;
    return [probabilities.argMax(-1).dataSync(), probabilities.max(-1).dataSync()];
  });
  const ids = Int32Array.from(predicted!);
  return {
    accuracy: accuracy(examples.classIds, ids),
    predicted: ids,
    confidence: Float32Array.from(confidence!),
    confusion: confusionCounts(examples.classIds, ids, classCount),
  };
}

/**
 * Up to `count` example positions to show: mistakes first (up to half), then correct ones, each in
 * validation order, so the grid shows what the model gets wrong as well as what it gets right.
 */
export function pickSamples(actual: ArrayLike<number>, predicted: ArrayLike<number>, count: number): number[] {
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < actual.length; i++) (actual[i] === predicted[i] ? right : wrong).push(i);
  const wrongTaken = wrong.slice(0, Math.max(count - right.length, Math.floor(count / 2)));
  return [...wrongTaken, ...right.slice(0, count - wrongTaken.length)].sort((a, b) => a - b);
}
