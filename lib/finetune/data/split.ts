// The validation split: seeded and stratified (every class keeps its share in both parts), so a
// rare class is never missing from validation and a re-run picks the same examples.

import * as tf from '@tensorflow/tfjs';
import { stratifiedSplit } from '../../data/shuffle';
import type { Dataset } from './dataset';
import { FinetuneError } from '../errors';
import { classCounts } from './labels';

export interface Examples {
  /** [n, ...featureShape] */
  xs: tf.Tensor;
  classIds: Int32Array;
  /** Positions in the dataset, to name examples in messages. */
  indices: number[];
}

export interface DatasetSplit {
  train: Examples;
  validation: Examples;
}

/** Checks that every class has enough examples to appear in both parts. */
export function checkSplittable(dataset: Pick<Dataset, 'classIds' | 'classNames' | 'describeExample'>, validationFraction: number, file?: string): void {
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new FinetuneError('settings', `the validation fraction must lie strictly between 0 and 1, not ${validationFraction}`, 'pass --validation 0.2 (a fifth of each class is held out to measure accuracy)');
  }
  const counts = classCounts(dataset.classIds, dataset.classNames.length);
  const rare = counts.map((n, id) => ({ n, id })).filter(({ n }) => n < 2);
  if (rare.length > 0) {
    const where = rare.map(({ id }) => {
      const first = dataset.classIds.indexOf(id);
      return `"${dataset.classNames[id]}" (${rare.find((r) => r.id === id)!.n === 0 ? 'no examples' : `only ${dataset.describeExample(first)}`})`;
    });
    throw new FinetuneError(
      'too-few-examples',
      `${rare.length === 1 ? 'class' : 'classes'} ${where.join(', ')} ${rare.length === 1 ? 'has' : 'have'} fewer than 2 examples, too few to both train and validate (a label seen once is often a typo)`,
      'fix that label, or add examples of the class (a few dozen per class is a sensible minimum)',
      file,
    );
  }
}

export function splitDataset(dataset: Dataset, validationFraction: number, seed: number): DatasetSplit {
  checkSplittable(dataset, validationFraction);
  const { train, test } = stratifiedSplit(dataset.classIds, validationFraction, seed);
  const part = (indices: number[]): Examples => ({
    xs: tf.tidy(() => tf.gather(dataset.xs, tf.tensor1d(indices, 'int32'))),
    classIds: Int32Array.from(indices, (i) => dataset.classIds[i]!),
    indices,
  });
  return { train: part(train), validation: part(test) };
}
