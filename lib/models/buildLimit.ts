// A bound on the weights tfjs allocates while it builds a model from a topology, checked before
// each allocation: a model.json whose topology claims a Dense layer of 400,000 units would
// otherwise allocate gigabytes of initial weights before tfjs compares them with the weights file.
// A model loaded from files can only ever hold the weights its manifest describes (tfjs loads them
// strictly: every weight of the model must be in the manifest, with its shape), so the manifest's
// value count is the limit; layers are built by tfjs itself, so every layer kind is covered.

import * as tf from '@tensorflow/tfjs';

export class ModelSizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelSizeError';
  }
}

interface Limit {
  maxValues: number;
  used: number;
  /** Words the refusal: the layer, the weight's shape, the values it needs and those allowed. */
  refuse(layer: string, weight: string, shape: number[], needed: number, allowed: number): string;
}

type AddWeight = (this: { name: string }, name: string, shape: number[], ...rest: unknown[]) => unknown;

let active: Limit | undefined;
let installed = false;

/** Wraps tfjs's Layer.addWeight once per process; the wrapper checks only while a limit is active. */
function install(): void {
  if (installed) return;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs's protected Layer.addWeight, wrapped to refuse oversized weights
  const proto = tf.layers.Layer.prototype as unknown as { addWeight: AddWeight };
  const original = proto.addWeight;
  proto.addWeight = function (this: { name: string }, name: string, shape: number[], ...rest: unknown[]) {
    const limit = active;
    if (limit !== undefined) {
      const values = Array.isArray(shape) ? shape.reduce((a, b) => a * (typeof b === 'number' ? b : NaN), 1) : NaN;
      if (!Number.isFinite(values) || limit.used + values > limit.maxValues) {
        throw new ModelSizeError(limit.refuse(this.name, name, shape, limit.used + values, limit.maxValues));
      }
      limit.used += values;
    }
    return original.call(this, name, shape, ...rest);
  };
  installed = true;
}

/**
 * Runs `build` (a tf.loadLayersModel of one model) refusing any weight that would take the model
 * past `maxValues` values, before tfjs allocates it. One build at a time.
 */
export async function withBuildLimit<T>(maxValues: number, refuse: Limit['refuse'], build: () => Promise<T>): Promise<T> {
  install();
  if (active !== undefined) throw new Error('withBuildLimit: another model is being built with a limit');
  const limit: Limit = { maxValues, used: 0, refuse };
  active = limit;
  try {
    return await build();
  } finally {
    if (active === limit) active = undefined;
  }
}
