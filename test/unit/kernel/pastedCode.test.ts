// TensorFlow.js code pasted into cells as it is written for plain Node (issue 15): CommonJS
// `require` / `module.exports`, export forms, import.meta, errors raised as a cell ends or later
// by code it started, and values that are not Errors thrown from a cell.

import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ExecutionEvent, KernelClient } from '../../../common/node/kernelClient';
import { itemText, plain, run, startKernel, tempDir } from './kernelHarness';

let kernel: KernelClient;
let notebookDir: string;
before(async () => {
  notebookDir = tempDir();
  kernel = await startKernel(notebookDir);
});
after(async () => {
  await kernel.shutdown();
});

test("require('@tensorflow/tfjs') and require('tlnb') work as the first use, in a fresh kernel", async () => {
  // A fresh kernel: the backend is still starting when the first cell arrives.
  const fresh = await startKernel(tempDir());
  try {
    const r = await run(fresh, "const tf = require('@tensorflow/tfjs');\nconst { display: shown } = require('tlnb');\n[tf.tensor([1, 2, 3]).sum().dataSync()[0], typeof shown]");
    assert.equal(r.result.status, 'ok', r.result.error?.stack);
    assert.equal(plain(r), "[ 6, 'function' ]");
    // The same namespace as an import gives.
    const same = await run(fresh, "import * as tf2 from '@tensorflow/tfjs';\nrequire('@tensorflow/tfjs').tensor === tf2.tensor");
    assert.equal(plain(same), 'true');
  } finally {
    await fresh.shutdown();
  }
});

test('export default, renamed exports and re-exports bind what they name', async () => {
  const r = await run(kernel, 'const a = 5;\nexport { a as b };\nexport default 42;\nexport { basename as base } from "node:path";');
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  const next = await run(kernel, "[b, module.exports.default, base('/x/y.txt')]");
  assert.equal(plain(next), "[ 5, 42, 'y.txt' ]");
  const named = await run(kernel, 'export default function answer() { return 7; }');
  assert.equal(named.result.status, 'ok', named.result.error?.stack);
  assert.equal(plain(await run(kernel, '[answer(), module.exports.default === answer]')), '[ 7, true ]');
});

test('a cell that uses module.exports keeps its top-level declarations', async () => {
  const first = await run(kernel, 'const zz = 41;\nfunction helper() { return zz + 1; }\nmodule.exports = zz;\nexports.other = 1;');
  assert.equal(first.result.status, 'ok', first.result.error?.stack);
  const next = await run(kernel, '[zz, helper(), typeof require, typeof module, module.exports]');
  assert.equal(next.result.status, 'ok', next.result.error?.stack);
  assert.equal(plain(next), "[ 41, 42, 'function', 'object', 41 ]");
});

test('import.meta names the notebook', async () => {
  const r = await run(kernel, '[import.meta.url.startsWith("file://"), import.meta.dirname === __dirname, import.meta.resolve("node:fs")]');
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  assert.equal(plain(r), "[ true, true, 'node:fs' ]");
});

test('throwing a string, an object or null names the cell and line', async () => {
  for (const [value, shown] of [["'str'", "'str'"], ['{ a: 1 }', '{ a: 1 }'], ['null', 'null']] as const) {
    const r = await run(kernel, `const x = 1;\n\nthrow ${value};`, 'Cell T');
    assert.equal(r.result.status, 'error');
    assert.equal(r.result.error!.message, shown);
    assert.match(r.result.error!.stack, /at Cell T:3:1/, r.result.error!.stack);
    assert.match(r.result.error!.stack, /> 3 \| throw /);
  }
  // After an await the location is still known.
  const late = await run(kernel, "await null;\nthrow 'later';", 'Cell U');
  assert.match(late.result.error!.stack, /at Cell U:2:1/, late.result.error!.stack);
});

test('errors raised as a cell ends are all shown in that cell', async () => {
  const r = await run(kernel, "async function fail(i: number) { throw new Error('failure ' + i); }\nfor (let i = 0; i < 5; i++) fail(i);\n'done'", 'Cell E');
  const failures = r.stderr.match(/failure \d/g) ?? [];
  assert.deepEqual(failures, ['failure 0', 'failure 1', 'failure 2', 'failure 3', 'failure 4'], r.stderr);
  assert.match(r.stderr, /at fail \(Cell E:1:40\)/);
  assert.match(r.stderr, /in code Cell E started/);
});

test('an error from a timer goes to the cell that started it, even after that cell ended', { todo: 'routing by origin (AsyncLocalStorage) is off: on Node 20 it makes an interrupt of code after an await abort the kernel (SIGABRT); see kernel/session.ts' }, async () => {
  const late: ExecutionEvent[] = [];
  const starter = kernel.execute("setTimeout(() => Promise.reject(new Error('from the starter')), 300);\n'started'", 'Cell S', (event) => late.push(event));
  assert.equal((await starter.result).status, 'ok');
  const waiting = await run(kernel, 'await new Promise((r) => setTimeout(r, 900));\n1', 'Cell W');
  assert.doesNotMatch(waiting.stderr, /from the starter/, 'the running cell must not get it');
  const text = late.map((e) => (e.type === 'stream' ? e.text : '')).join('');
  assert.match(text, /from the starter/);
  assert.match(text, /Cell S:1:/);
});

test('after a failing cell the next cell runs normally', async () => {
  const broken = await run(kernel, 'const q = (1 + ;');
  assert.equal(broken.result.status, 'error');
  const thrown = await run(kernel, "throw new Error('x')");
  assert.equal(thrown.result.status, 'error');
  const next = await run(kernel, 'const q = 2;\nq * 21');
  assert.equal(next.result.status, 'ok', next.result.error?.stack);
  assert.equal(plain(next), '42');
});

test('a display handle keeps updating its output after its cell ended, from a timer or a later cell', async () => {
  const events: ExecutionEvent[] = [];
  const first = kernel.execute("const progress = display('step 0');\nsetTimeout(() => progress.update('step 1'), 50);", 'Cell D', (event) => events.push(event));
  assert.equal((await first.result).status, 'ok');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const later = await run(kernel, "progress.update('step 2');\n'updated'");
  assert.equal(later.result.status, 'ok');
  assert.equal(later.displays.length, 1, 'the later cell shows only its own value');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const updates = events.filter((e) => e.type === 'update-display').map((e) => (e.type === 'update-display' ? e.items.find((i) => i.mime === 'text/plain') : undefined));
  assert.deepEqual(updates.map((i) => (i && 'text' in i ? i.text : undefined)), ['step 1', 'step 2']);
});

test('arrays and plain objects of tensors and models show richly, with the inspect text kept', async () => {
  const setup = await run(kernel, `const tf = require('@tensorflow/tfjs');
const net = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
net.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mse'] });
const xs = tf.ones([4, 3]);
const ys = tf.zeros([4, 2]);`);
  assert.equal(setup.result.status, 'ok', setup.result.error?.stack);
  const evaluated = await run(kernel, 'net.evaluate(xs, ys)');
  const html = itemText(evaluated.displays.at(-1), 'text/html') ?? '';
  assert.equal(html.match(/class="tlnb-tensor"/g)?.length, 2, html);
  assert.match(html, /<code>\[0\]<\/code>/);
  assert.match(plain(evaluated)!, /^\[\n?\s*Tensor \{/, 'the text is util.inspect as before, with the real class name');
  const object = await run(kernel, '({ model: net, weights: net.getWeights()[0], note: "w" })');
  const objectHtml = itemText(object.displays.at(-1), 'text/html') ?? '';
  assert.match(objectHtml, /<code>model:<\/code> <pre>[^]*Total params: 8/);
  assert.match(objectHtml, /<code>weights:<\/code> <div class="tlnb-tensor">/);
  assert.match(objectHtml, /<code>note:<\/code> <pre[^>]*>&#39;w&#39;<\/pre>/);
  // Collections without tfjs objects stay text.
  const numbers = await run(kernel, '[1, { a: 2 }]');
  assert.equal(itemText(numbers.displays.at(-1), 'text/html'), undefined);
});

test('local TypeScript modules import from a cell, map their errors, and reload when changed', async () => {
  writeFileSync(join(notebookDir, 'units.ts'), 'export const UNITS: number = 4;\n');
  writeFileSync(
    join(notebookDir, 'model.ts'),
    `import * as tf from '@tensorflow/tfjs';
import { UNITS } from './units';

export interface Options { inputs: number }

export function buildModel(options: Options): tf.Sequential {
  return tf.sequential({ layers: [tf.layers.dense({ units: UNITS, inputShape: [options.inputs] })] });
}

export function fail(): never {
  throw new Error('from model.ts');
}
`,
  );
  const r = await run(kernel, "import { buildModel, fail as failInModel } from './model';\nconst built = buildModel({ inputs: 3 });\n[built.outputs[0].shape, require('./model.ts').buildModel === buildModel]");
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  assert.equal(plain(r), '[ [ null, 4 ], true ]');
  const failing = await run(kernel, 'failInModel();', 'Cell M');
  assert.match(failing.result.error!.stack, /at fail \(model\.ts:11:9\)\n\s+at Cell M:1:1/, failing.result.error!.stack);
  assert.match(failing.result.error!.stack, /> 11 \|   throw new Error\('from model\.ts'\);/);
  // A changed dependency: the next run of the importing cell gets the new version.
  writeFileSync(join(notebookDir, 'units.ts'), 'export const UNITS: number = 6;\n');
  const later = new Date(Date.now() + 5000);
  utimesSync(join(notebookDir, 'units.ts'), later, later);
  const again = await run(kernel, "import { buildModel } from './model';\nbuildModel({ inputs: 2 }).outputs[0].shape");
  assert.equal(plain(again), '[ null, 6 ]');
  // A file that does not parse names its line and column.
  writeFileSync(join(notebookDir, 'broken.ts'), 'export const x = 1;\nexport const y = (2 + ;\n');
  const broken = await run(kernel, "import { y } from './broken';");
  assert.equal(broken.result.status, 'error');
  assert.match(broken.result.error!.message, /broken\.ts:2:/);
});
