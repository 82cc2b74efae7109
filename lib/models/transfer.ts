// Copying trained weights from one model's layers into another's: the step that makes
// "transfer learning" transfer. Layers are matched by name, and every shape is checked first, so
// a mismatch is reported as which layer, which weight, which shapes, and nothing is half-copied.

import type * as tf from '@tensorflow/tfjs';

/** Copies the weights of the named layers from `source` into the same-named layers of `target`. */
export function copyLayerWeights(source: tf.LayersModel, target: tf.LayersModel, layerNames: readonly string[]): void {
  const plan = layerNames.map((name) => {
    const from = findLayer(source, name, 'source');
    const to = findLayer(target, name, 'target');
    const weights = from.getWeights();
    const expected = to.getWeights().map((w) => ({ shape: w.shape }));
    const given = weights.map((w) => w.shape);
    const sameShapes = expected.length === given.length && expected.every((w, i) => sameShape(w.shape, given[i]!));
    if (!sameShapes) {
      const describe = (shapes: Array<{ shape: readonly number[] }>) => shapes.map((s) => `[${s.shape.join(', ')}]`).join(' and ') || 'no weights';
      throw new Error(
        `cannot copy the weights of layer "${name}": the source layer holds ${describe(given.map((shape) => ({ shape })))}, ` +
          `but the target layer expects ${describe(expected)}. Only layers of the same shape can share weights: ` +
          'leave this layer out of the copy (it then trains from its fresh initial weights), or build the target layer with the source\'s sizes.',
      );
    }
    return { to, weights };
  });
  // Only after every layer has been checked: a failed copy leaves the target untouched.
  for (const { to, weights } of plan) to.setWeights(weights);
}

function findLayer(model: tf.LayersModel, name: string, role: string): tf.layers.Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) {
    throw new Error(`the ${role} model "${model.name}" has no layer named "${name}"; its layers are ${model.layers.map((l) => `"${l.name}"`).join(', ')}`);
  }
  return layer;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
