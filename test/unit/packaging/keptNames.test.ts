// The production kernel bundle keeps tfjs's class and function names (esbuild keepNames): cells
// print and compare them (`Tensor`, `class X extends Layer`, stack frames), as in plain Node.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { ROOT, tempDir } from '../kernel/kernelHarness';

test('tfjs bundled with the kernel options, minified, keeps its names', async () => {
  const dir = tempDir();
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import * as tf from ${JSON.stringify(join(ROOT, 'node_modules', '@tensorflow', 'tfjs'))};
module.exports = () => [tf.scalar(1).constructor.name, Object.getPrototypeOf(tf.layers.dense({ units: 1 }).constructor).name, tf.LayersModel.name, tf.Callback.name];`,
  );
  // The kernel target's options as scripts/build.mjs sets them, with --production.
  const source = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
  const keepNames = /keepNames: true/.test(source.slice(source.indexOf("kernel: 'kernel/main.ts'") - 2000));
  await build({ entryPoints: [entry], outfile: join(dir, 'out.js'), bundle: true, minify: true, keepNames, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS bundle this test just built, by its path
  const names = (require(join(dir, 'out.js')) as () => string[])();
  assert.deepEqual(names, ['Tensor', 'Layer', 'LayersModel', 'Callback']);
});
