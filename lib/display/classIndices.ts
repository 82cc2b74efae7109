// Class labels arrive in many forms (index arrays, int tensors, one-hot rows, softmax outputs);
// the display builders reduce them all to one class index or name per example.

import type * as tf from '@tensorflow/tfjs';

export type ClassIndices = number[] | tf.Tensor;

/** One class index per example: a 1-D tensor or array as is, a 2-D tensor by argmax of each row. */
export function classIndices(value: ClassIndices, count: number, what: string): number[] {
  let indices: number[];
  if (Array.isArray(value)) {
    indices = value;
  } else if (value.rank === 1) {
    indices = Array.from(value.dataSync());
  } else if (value.rank === 2) {
    const [rows = 0, cols = 0] = value.shape;
    const data = value.dataSync();
    indices = [];
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < cols; c++) if (data[r * cols + c]! > data[r * cols + best]!) best = c;
      indices.push(best);
    }
  } else {
    throw new Error(
      `${what} must be class indices [N] or one-hot/probability rows [N, classes]; got a tensor shaped [${value.shape.join(', ')}].`,
    );
  }
  if (indices.length !== count) {
    throw new Error(`${what} has ${indices.length} entries but there are ${count} examples; pass one per example.`);
  }
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0) {
      throw new Error(`${what} must hold non-negative integer class indices; found ${index}.`);
    }
  }
  return indices;
}

/** Class names for display: given names as is, indices through `classNames` when given. */
export function classLabels(
  value: ClassIndices | string[],
  count: number,
  what: string,
  classNames?: string[],
): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    if (value.length !== count) {
      throw new Error(`${what} has ${value.length} entries but there are ${count} examples; pass one per example.`);
    }
    return value as string[];
  }
  return classIndices(value as ClassIndices, count, what).map((index) => {
    if (!classNames) return String(index);
    const name = classNames[index];
    if (name === undefined) {
      throw new Error(`${what} holds class ${index} but classNames has only ${classNames.length} names.`);
    }
    return name;
  });
}
