// Files the bundled kernel reads at run time and esbuild cannot inline: the wasm backend's
// binaries and Dawn's native WebGPU addon (dawn.node, this platform's only: 20 MB each).
// The kernel looks for them beside its bundle (kernel/backends/rungs/wasm.ts, webgpu.ts).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Copies the runtime assets into `outdir` (the folder of the kernel bundle); returns the copied paths. */
export function copyRuntimeAssets(outdir) {
  const copied = [];
  mkdirSync(outdir, { recursive: true });
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  for (const file of WASM_BINARIES) {
    copyFileSync(join(wasmDir, file), join(outdir, file));
    copied.push(join(outdir, file));
  }
  const platform = process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`;
  const dawn = join(dirname(require.resolve('webgpu/package.json')), 'dist', platform, 'dawn.node');
  if (existsSync(dawn)) {
    mkdirSync(join(outdir, 'webgpu', platform), { recursive: true });
    copyFileSync(dawn, join(outdir, 'webgpu', platform, 'dawn.node'));
    copied.push(join(outdir, 'webgpu', platform, 'dawn.node'));
  }
  return copied;
}
