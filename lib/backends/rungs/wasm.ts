// The wasm rung: @tensorflow/tfjs-backend-wasm (XNNPACK compiled to WebAssembly, SIMD) with the
// project's training kernels (lib/backends/wasm/). Works on every machine. On one thread (the
// default) it is the build tfjs uses in Node; asked for more (TLNB_WASM_THREADS, the setting
// tlnb.wasmThreads) it runs tfjs's threaded build (wasm/threadedBackend.ts), and falls back to one
// thread, saying why, when that build cannot start.
// The binaries ship beside the kernel bundle (scripts/build.mjs copies them into dist/); from a
// source checkout they are read from the package.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { activate, initialisedBackend } from '../activate';
import { errorMessage } from '../../../common/guards';
import { RungUnavailable } from '../timeout';
import { registerWasmTrainingKernels } from '../wasm/register';
import { poolGateSummary } from '../wasm/poolGate';
import { relaxedSimdUnavailable } from '../wasm/simdModules';
import { createThreadedWasmBackend, threadedWasmFiles } from '../wasm/threadedBackend';
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

/**
 * The threads the rung asks for: TLNB_WASM_THREADS (the setting tlnb.wasmThreads sets it for a
 * notebook's kernel), 0 meaning every core the process may use (at most 8, the build's pool); one
 * thread when unset. One is the default because the threaded build starts ~1.1 s slower (every
 * kernel start would pay it), while two threads train 0–16% faster on the 2-core machine
 * (docs/benchmarks/backends.md, "Small kernels on the calling thread").
 */
export function wasmThreadsWanted(env: NodeJS.ProcessEnv = process.env): { threads: number; why: string } {
  const raw = env.TLNB_WASM_THREADS?.trim();
  if (raw === undefined || raw === '') return { threads: 1, why: 'the default; tlnb.wasmThreads or TLNB_WASM_THREADS for more' };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 64) {
    return { threads: 1, why: `TLNB_WASM_THREADS=${raw} is not a whole number from 0 to 64 (0 = every core), so one` };
  }
  if (n > 0) return { threads: n, why: `TLNB_WASM_THREADS=${raw}` };
  const cores = availableParallelism();
  return { threads: Math.min(cores, 8), why: `TLNB_WASM_THREADS=0: ${cores} core${cores === 1 ? '' : 's'}` };
}

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
    const wanted = wasmThreadsWanted();
    let fallback = '';
    if (wanted.threads > 1 && initialisedBackend(tf, 'wasm') === undefined) {
      const files = threadedWasmFiles(dir);
      try {
        if (files === undefined) throw new Error(`its files are missing (${looked.join(', ')}) — rebuild the extension with npm run build`);
        await activate(tf, 'wasm', () => createThreadedWasmBackend(files, wanted.threads), ctx.timeoutMs, 2);
      } catch (error) {
        fallback = `; the threaded build did not start: ${errorMessage(error)}`;
        if (initialisedBackend(tf, 'wasm') !== undefined) {
          tf.removeBackend('wasm');
          tf.registerBackend('wasm', factory, 2);
        }
      }
    }
    if (initialisedBackend(tf, 'wasm') === undefined) await activate(tf, 'wasm', factory, ctx.timeoutMs, 2);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = tfWasm.getThreadsCount();
    const pool = threads > 1 ? `, ${poolGateSummary(initialisedBackend(tf, 'wasm') ?? {})}` : '';
    const noFma = relaxedSimdUnavailable();
    const products = noFma === undefined ? ', fused multiply-add products' : `, products without fused multiply-add (${noFma})`;
    return `WebAssembly${simd ? ' SIMD' : ' without SIMD'}, ${threads} thread${threads === 1 ? '' : 's'} (${wanted.why}${fallback}), tlnb training kernels${products}${pool}`;
  },
};
