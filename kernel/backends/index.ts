// Minimal backend ladder so that the kernel works on its own: `wasm`, falling back to `cpu`.
// The backends helper replaces this file with the full ladder (tensorflow-gpu, tensorflow,
// webgpu, wasm, cpu); the signature below is the contract in ./types.ts and must not change.

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName, BackendReport, BackendRequest, InitialisedBackend, RungResult } from './types';

/** The build copies the .wasm files beside dist/kernel.js (see scripts/build.mjs). */
const WASM_FILE = 'tfjs-backend-wasm.wasm';

export async function initBackend(request: BackendRequest): Promise<InitialisedBackend> {
  const pinned = request.preference !== 'auto';
  const wanted: BackendName[] = pinned ? [request.preference as BackendName] : ['wasm', 'cpu'];
  const rungs: RungResult[] = [];
  for (const name of wanted) {
    const start = performance.now();
    const reason = await tryRung(name);
    rungs.push({ name, ok: reason === undefined, ms: performance.now() - start, ...(reason ? { reason } : {}) });
    if (reason === undefined) {
      const report: BackendReport = { active: name, pinned, rungs };
      return { tf, report };
    }
  }
  const tried = rungs.map((r) => `${r.name}: ${r.reason}`).join('; ');
  throw new Error(`no TensorFlow.js backend could be initialised (${tried})`);
}

/** Returns undefined when the rung is now the active backend, else why not. */
async function tryRung(name: BackendName): Promise<string | undefined> {
  if (name !== 'wasm' && name !== 'cpu') {
    return `this build of the kernel only has the wasm and cpu backends; "${name}" comes with the full backend ladder`;
  }
  try {
    if (name === 'wasm') {
      const dir = wasmDir();
      if (!dir) return `${WASM_FILE} was not found beside the kernel (run the build, which copies it into dist/)`;
      setWasmPaths(dir);
    }
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** dist/ when running the bundle; the package folder when running from sources (tests via tsx). */
function wasmDir(): string | undefined {
  const candidates = [__dirname, join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')];
  const found = candidates.find((dir) => existsSync(join(dir, WASM_FILE)));
  return found === undefined ? undefined : found + '/';
}
