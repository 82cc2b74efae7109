// One tfjs instance per kernel process. tfjs keeps its backends and kernels in module state,
// so a second copy of @tensorflow/tfjs (tfjs-node depends on its own, installed beside it in
// the notebook's folder) is a second, separate registry: tfjs-node would register its
// 'tensorflow' backend there and the kernel's instance would never see it. Likewise a cell
// that imports @tensorflow/tfjs must get the instance the kernel initialised.
//
// So every `require` of the tfjs packages in this process is answered with the kernel's own
// instance. Node has no public hook for this in Node 20 (module.registerHooks arrives in
// 22.15), hence the long-standing Module._load override.

import Module from 'node:module';
import type * as tfjs from '@tensorflow/tfjs';

/** Packages whose exports @tensorflow/tfjs re-exports in full. */
export const SHARED_TFJS_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-data',
] as const;

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- Node's internal Module._load, untyped in @types/node: the one hook that sees every require
const loader = Module as unknown as { _load: Load };

let shared: Map<string, unknown> | undefined;

/**
 * From now on `require('@tensorflow/tfjs')` (and -core, -layers, -converter, -data) anywhere in
 * this process returns `tf`. Packages loaded with `alsoShare` are answered the same way, so
 * a cell importing '@tensorflow/tfjs-node' gets the module the ladder already loaded.
 */
export function shareTfjsInstance(tf: typeof tfjs): void {
  if (shared === undefined) {
    shared = new Map();
    const original = loader._load;
    loader._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
      const answer = shared!.get(request);
      return answer !== undefined ? answer : original.call(this, request, parent, isMain);
    };
  }
  for (const name of SHARED_TFJS_PACKAGES) shared.set(name, tf);
}

export function alsoShare(request: string, exports: unknown): void {
  if (shared === undefined) throw new Error('shareTfjsInstance must be called before alsoShare');
  shared.set(request, exports);
}
