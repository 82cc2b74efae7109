// Makes a backend instance the active one on the kernel's tfjs, within a time limit.
//
// tfjs's own setBackend() swallows an initialisation error into a console warning and, for an
// asynchronous factory, may still switch to that backend after a later one was chosen. So the
// instance is created here (errors caught, time bounded), then registered with a factory that
// just returns it.

import type * as tfjs from '@tensorflow/tfjs';
import { RungUnavailable, withTimeout } from './timeout';

/**
 * The initialised instance of a backend, if any. (tf.findBackend would start initialising a
 * registered backend as a side effect, and for an asynchronous one switch to it later.)
 */
export function initialisedBackend(tf: typeof tfjs, name: string): tfjs.KernelBackend | undefined {
  return tf.engine().registry[name];
}

export async function activate(
  tf: typeof tfjs,
  name: string,
  create: () => tfjs.KernelBackend | Promise<tfjs.KernelBackend>,
  timeoutMs: number,
  priority: number,
): Promise<void> {
  if (initialisedBackend(tf, name) === undefined) {
    const instance = await withTimeout(Promise.resolve().then(create), timeoutMs, `starting the ${name} backend`);
    if (tf.findBackendFactory(name) !== null) tf.removeBackend(name);
    tf.registerBackend(name, () => instance, priority);
  }
  if (!(await withTimeout(tf.setBackend(name), timeoutMs, `switching to the ${name} backend`))) {
    throw new RungUnavailable(`tfjs could not switch to the ${name} backend`, 'unusable');
  }
  // A product read back proves the backend computes, not just that it was constructed.
  const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const product = tf.matMul(a, a);
  try {
    const values = await withTimeout(product.data(), timeoutMs, `a first computation on ${name}`);
    if (values[0] !== 7 || values[3] !== 22) {
      throw new RungUnavailable(`the ${name} backend computed [[1,2],[3,4]]² wrongly: [${Array.from(values).join(', ')}]`, 'unusable');
    }
  } finally {
    a.dispose();
    product.dispose();
  }
}
