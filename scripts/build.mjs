// Bundles each runtime with esbuild: the extension (VS Code's extension host), the kernel
// process and CLI (plain Node), and the notebook renderer (a browser ES module).
//   node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

// Prefer packages' ES module builds: UMD builds (jsonc-parser's, for one) hide their requires from esbuild.
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
];

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
