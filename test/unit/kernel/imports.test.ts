// Module resolution in cells: packages from the notebook's folder (CommonJS and ES-module-only),
// relative files, Node built-ins, the one tfjs instance, and the built-in `tlnb` module.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { itemText, plain, run, startKernel, tempDir } from './kernelHarness';

let kernel: KernelClient;
let notebookDir: string;

/** A package that can only be imported, never required: its exports have just an "import" condition. */
function writeEsmOnlyPackage(root: string): void {
  const dir = join(root, 'node_modules', 'esm-only-greeter');
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'esm-only-greeter', version: '1.0.0', type: 'module', exports: { '.': { import: './lib/index.js' } } }),
  );
  writeFileSync(join(dir, 'lib', 'index.js'), 'export const greet = (name) => `hello ${name}`;\nexport default function shout(s) { return s.toUpperCase(); }\n');
}

function writeCjsPackage(root: string): void {
  const dir = join(root, 'node_modules', 'cjs-counter');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-counter', version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(dir, 'index.js'), 'function count(xs) { return xs.length; }\ncount.twice = (xs) => 2 * xs.length;\nmodule.exports = count;\n');
}

before(async () => {
  notebookDir = tempDir();
  writeEsmOnlyPackage(notebookDir);
  writeCjsPackage(notebookDir);
  writeFileSync(join(notebookDir, 'helper.mjs'), 'export const fromFile = 40 + 2;\n');
  kernel = await startKernel(notebookDir);
});
after(async () => {
  await kernel.shutdown();
});

async function value(code: string): Promise<string | undefined> {
  const r = await run(kernel, code);
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  return plain(r);
}

test('an ES-module-only package from the notebook folder, named and default imports', async () => {
  await value("import shout, { greet } from 'esm-only-greeter';");
  assert.equal(await value("shout(greet('tlnb'))"), "'HELLO TLNB'");
});

test('a CommonJS package: default import, namespace import and require', async () => {
  await value("import count from 'cjs-counter';\nimport * as counter from 'cjs-counter';");
  assert.equal(await value('[count([1, 2, 3]), counter.twice([1]), counter.default === count, require("cjs-counter")([1])]'), '[ 3, 2, true, 1 ]');
});

test('relative files resolve from the notebook folder; Node built-ins import', async () => {
  await value("import { fromFile } from './helper.mjs';\nimport { join } from 'node:path';\nimport * as os from 'os';");
  assert.equal(await value("[fromFile, join('a', 'b'), typeof os.cpus]"), "[ 42, 'a/b', 'function' ]");
});

test('dynamic import() works in cells', async () => {
  assert.equal(await value("(await import('esm-only-greeter')).greet('x')"), "'hello x'");
});

test('@tensorflow/tfjs is always the kernel instance, with the active backend', async () => {
  // A different tfjs in the notebook's node_modules must not be picked up.
  const fake = join(notebookDir, 'node_modules', '@tensorflow', 'tfjs');
  mkdirSync(fake, { recursive: true });
  writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs', main: 'index.js' }));
  writeFileSync(join(fake, 'index.js'), 'module.exports = { fake: true };\n');
  await value("import * as tf from '@tensorflow/tfjs';\nimport * as tf2 from '@tensorflow/tfjs';\nconst tfr = require('@tensorflow/tfjs');");
  assert.equal(await value('[tf === tf2, tfr === tf, "fake" in tf, tf.getBackend()]'), "[ true, true, false, 'wasm' ]");
  assert.equal(await value("import { layers } from '@tensorflow/tfjs-layers';\nlayers === tf.layers"), 'true');
});

test('a missing package fails with what to do', async () => {
  const r = await run(kernel, "import nope from 'no-such-package-xyz';");
  assert.equal(r.result.status, 'error');
  assert.match(r.result.error!.message, /Cannot find module 'no-such-package-xyz'/);
  assert.match(r.result.error!.message, /npm install no-such-package-xyz/);
});

test("the built-in 'tlnb' module exports display", async () => {
  const r = await run(kernel, "import { display as show } from 'tlnb';\nshow.html('<b>hi</b>');\nshow === display");
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  assert.equal(itemText(r.displays[0], 'text/html'), '<b>hi</b>');
  assert.equal(plain(r), 'true');
});
