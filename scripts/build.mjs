// Bundles each runtime with esbuild: the extension (VS Code's extension host), the kernel
// process and CLI (plain Node), and the notebook renderer (a browser ES module).
//   node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
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

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/** One entry per runtime; see docs/architecture in README.md. */
export const targets = [
  {
    ...node,
    entryPoints: { extension: 'extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
  },
];

// The kernel bundle loads these from its own folder (dist/): .wasm binaries, dawn.node.
copyRuntimeAssets('dist');

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
