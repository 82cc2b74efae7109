// Picking the TensorFlow.js backend for the `tlnb finetune` command when it runs on its own.
// Only the two rungs every machine has (wasm, then cpu); the kernel's backend ladder
// (kernel/backends) replaces this when the command is wired into the `tlnb` CLI.

import * as tf from '@tensorflow/tfjs';
import { FinetuneError } from './errors';

export const STANDALONE_BACKENDS = ['auto', 'wasm', 'cpu'] as const;

async function tryWasm(): Promise<string | undefined> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return (await tf.setBackend('wasm')) ? undefined : 'tf.setBackend("wasm") returned false';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Activates a backend and returns its name; `auto` takes wasm (much faster) and falls back to cpu. */
export async function selectBackend(name = 'auto'): Promise<string> {
  if (!(STANDALONE_BACKENDS as readonly string[]).includes(name)) {
    throw new FinetuneError('settings', `unknown --backend "${name}"`, `use one of ${STANDALONE_BACKENDS.join(', ')}`);
  }
  if (name === 'wasm' || name === 'auto') {
    const failure = await tryWasm();
    if (!failure) return 'wasm';
    if (name === 'wasm') throw new FinetuneError('settings', `the wasm backend cannot start: ${failure}`, 'pass --backend cpu (slower), or reinstall @tensorflow/tfjs-backend-wasm');
  }
  await tf.setBackend('cpu');
  return 'cpu';
}
