// The wasm rung: @tensorflow/tfjs-backend-wasm (XNNPACK compiled to WebAssembly, SIMD) with the
// project's training kernels (lib/backends/wasm/). Works on every machine; in Node it is
// single-threaded. The .wasm binaries ship beside the kernel bundle (scripts/build.mjs copies
// them into dist/); from a source checkout they are read from the package.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { activate, initialisedBackend } from '../activate';
import { RungUnavailable } from '../timeout';
import { registerWasmTrainingKernels } from '../wasm/register';
import type { Rung } from './context';

export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

function packageWasmDir(): string | undefined {
  try {
    return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  } catch {
    return undefined;
  }
}

/** The folder holding the .wasm binaries: beside the kernel bundle, else in the package. */
export function findWasmDir(): { dir?: string; looked: string[] } {
  const looked = [__dirname, packageWasmDir()].filter((d): d is string => d !== undefined);
  const dir = looked.find((d) => WASM_FILES.slice(0, 2).every((f) => existsSync(join(d, f))));
  return dir === undefined ? { looked } : { dir, looked };
}

let pathsSet = false;

export const wasmRung: Rung = {
  name: 'wasm',
  async start(ctx) {
    const { tf } = ctx;
    const { dir, looked } = findWasmDir();
    if (dir === undefined) {
      throw new RungUnavailable(
        `tfjs-backend-wasm-simd.wasm not found (looked in ${looked.join(', ')}) — rebuild the extension with npm run build`,
        'unusable',
      );
    }
    if (!pathsSet && initialisedBackend(tf, 'wasm') === undefined) {
      tfWasm.setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
      pathsSet = true;
    }
    registerWasmTrainingKernels();
    const factory = tf.findBackendFactory('wasm');
    if (factory === null) throw new RungUnavailable('tfjs-backend-wasm did not register its backend', 'unusable');
    await activate(tf, 'wasm', factory, ctx.timeoutMs, 2);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = tfWasm.getThreadsCount();
    return `WebAssembly${simd ? ' SIMD' : ' without SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}, tlnb training kernels`;
  },
};
