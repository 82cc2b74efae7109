// The one TensorFlow.js instance of this kernel, set once the backend ladder has run. Cells reach
// it through `import ... from '@tensorflow/tfjs'` (the built-in modules of kernel/modules/moduleLoader.ts), the display
// code through `loadedTf()`. tfjs itself is only loaded when the ladder runs (dynamic import), so
// the kernel answers its first cells while tfjs is still loading.

import type * as tfjs from '@tensorflow/tfjs';
import type { BackendPreference } from '../common/backends';
import type { InitialisedBackend } from './backends/types';

export type Tf = typeof tfjs;

let initialising: Promise<InitialisedBackend> | undefined;
let ready: InitialisedBackend | undefined;

export function startBackend(preference: BackendPreference, searchPaths: string[]): Promise<InitialisedBackend> {
  initialising ??= import('./backends').then(async ({ initBackend }) => {
    ready = await initBackend({ preference, searchPaths });
    return ready;
  });
  return initialising;
}

/** Waits for the backend; rejects with the ladder's error when no backend could start. */
export function backendReady(): Promise<InitialisedBackend> {
  if (!initialising) throw new Error('the kernel has not started its backend yet');
  return initialising;
}

/** The tfjs instance if the backend is up, else undefined (never waits, never loads). */
export function loadedTf(): Tf | undefined {
  return ready?.tf;
}
