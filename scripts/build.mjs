// Bundles each runtime with esbuild: the extension (VS Code's extension host), the kernel
// process and CLI (plain Node), and the notebook renderer (a browser ES module).
//   node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

// ES module builds first: jsonc-parser's "main" is a UMD file whose dynamic requires esbuild cannot
// follow (the bundle then fails at run time with "Cannot find module './impl/format'").
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

/** One entry per runtime; see docs/architecture in README.md. */
export const targets = [
  {
    ...node,
    entryPoints: { extension: 'extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { renderer: 'renderer/index.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'esm',
    target: 'chrome114',
    // uPlot's stylesheet is adopted into each output's shadow root as text.
    loader: { '.css': 'text' },
  },
  {
    // The kernel process, its interrupt worker, and the `tlnb` CLI (bin/tlnb.js loads dist/cli.js).
    // esbuild is a native program: the kernel loads it at run time (see copyKernelAssets below).
    ...node,
    entryPoints: { kernel: 'kernel/main.ts', kernelInterrupt: 'kernel/interrupt/interruptWorker.ts', cli: 'kernel/cli/main.ts' },
    outdir: 'dist',
    external: ['esbuild'],
  },
];

/**
 * Files the kernel needs beside its bundle, since an installed extension has no node_modules:
 * the tfjs wasm backend's .wasm binaries, and esbuild's JavaScript API with this platform's
 * esbuild binary (kernel/transpile/loadEsbuild.ts). The binary makes dist/ platform-specific.
 */
function copyKernelAssets() {
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copyFileSync(join(wasmDir, 'dist', file), join('dist', file));
  }
  const esbuildMain = require.resolve('esbuild');
  const binary = process.platform === 'win32' ? 'esbuild.exe' : 'esbuild';
  const binaryPackage = `@esbuild/${process.platform}-${process.arch}`;
  const binaryPath = join(dirname(require.resolve(`${binaryPackage}/package.json`, { paths: [dirname(esbuildMain)] })), process.platform === 'win32' ? '' : 'bin', binary);
  mkdirSync('dist/esbuild/bin', { recursive: true });
  copyFileSync(esbuildMain, 'dist/esbuild/main.js');
  if (!existsSync(binaryPath)) throw new Error(`esbuild's binary is not at ${binaryPath}; run npm install`);
  copyFileSync(binaryPath, join('dist/esbuild/bin', binary));
}

mkdirSync('dist', { recursive: true });
copyKernelAssets();
const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes…');
} else {
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}
