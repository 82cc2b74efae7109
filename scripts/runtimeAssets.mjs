// Files the bundled kernel reads at run time and esbuild cannot inline, since an installed
// extension has no node_modules: the wasm backend's binaries and its threaded build's Emscripten
// factory and pthread worker (lib/backends/wasm/threadedBackend.ts), Dawn's native WebGPU addon
// (dawn.node, this platform's only: 20 MB), and esbuild's JavaScript API with this platform's
// esbuild binary (kernel/transpile/loadEsbuild.ts). The kernel looks for them beside its bundle
// (lib/backends/rungs/wasm.ts, webgpu.ts). The native files make dist/ platform-specific.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/**
 * Copies `from` to `to` unless `to` already holds the same bytes. A changed file is written beside
 * and renamed over, never copied onto: a running kernel executes dist/'s esbuild binary and has
 * dawn.node loaded, and writing into a busy executable fails (ETXTBSY) while a rename does not.
 */
function copyFresh(from, to) {
  if (existsSync(to) && statSync(to).size === statSync(from).size && readFileSync(to).equals(readFileSync(from))) return;
  copyFileSync(from, `${to}.new`);
  renameSync(`${to}.new`, to);
}

/** The threaded build's factory (a file: its pthread workers load it by path) and worker source. */
export const THREADED_FACTORY = 'tfjs-backend-wasm-threaded-simd.js';
export const THREADED_WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';

/** Writes `text` to `to` unless it holds it already (by rename, as copyFresh). */
function writeFresh(to, text) {
  if (existsSync(to) && readFileSync(to, 'utf8') === text) return;
  writeFileSync(`${to}.new`, text);
  renameSync(`${to}.new`, to);
}

/** Copies the runtime assets into `outdir` (the folder of the kernel bundle); returns the copied paths. */
export function copyRuntimeAssets(outdir) {
  const copied = [];
  mkdirSync(outdir, { recursive: true });
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  for (const file of WASM_BINARIES) {
    copyFresh(join(wasmDir, file), join(outdir, file));
    copied.push(join(outdir, file));
  }
  const wasmOut = dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${THREADED_FACTORY}`));
  copyFresh(join(wasmOut, THREADED_FACTORY), join(outdir, THREADED_FACTORY));
  // The package ships the worker as a string export; as a file its newlines stay escaped, as tfjs
  // escapes them for its blob (threadedBackend.ts workerSource does the same for a source checkout).
  const { wasmWorkerContents } = require(join(wasmOut, THREADED_WORKER));
  writeFresh(join(outdir, THREADED_WORKER), wasmWorkerContents.replace(/\n/g, '\\n'));
  copied.push(join(outdir, THREADED_FACTORY), join(outdir, THREADED_WORKER));
  const platform = process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`;
  const dawn = join(dirname(require.resolve('webgpu/package.json')), 'dist', platform, 'dawn.node');
  if (existsSync(dawn)) {
    mkdirSync(join(outdir, 'webgpu', platform), { recursive: true });
    copyFresh(dawn, join(outdir, 'webgpu', platform, 'dawn.node'));
    copied.push(join(outdir, 'webgpu', platform, 'dawn.node'));
  }
  copied.push(...copyEsbuild(outdir));
  return copied;
}

function copyEsbuild(outdir) {
  const esbuildMain = require.resolve('esbuild');
  const binary = process.platform === 'win32' ? 'esbuild.exe' : 'esbuild';
  const binaryPackage = `@esbuild/${process.platform}-${process.arch}`;
  const packageDir = dirname(require.resolve(`${binaryPackage}/package.json`, { paths: [dirname(esbuildMain)] }));
  const binaryPath = join(packageDir, process.platform === 'win32' ? '' : 'bin', binary);
  if (!existsSync(binaryPath)) throw new Error(`esbuild's binary is not at ${binaryPath}; run npm install`);
  mkdirSync(join(outdir, 'esbuild', 'bin'), { recursive: true });
  copyFresh(esbuildMain, join(outdir, 'esbuild', 'main.js'));
  copyFresh(binaryPath, join(outdir, 'esbuild', 'bin', binary));
  return [join(outdir, 'esbuild', 'main.js'), join(outdir, 'esbuild', 'bin', binary)];
}
