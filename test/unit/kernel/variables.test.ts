// The Variables view's data: the kernel lists the names cells made (not Node's or its own
// globals) with type, tensor shape and dtype, model parameter count, collection size and a bounded
// preview; shows a clicked variable as a display would; says when a cell keeps it busy.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { VARIABLE_PREVIEW_CHARS, type VariableInfo } from '../../../common/protocol';
import { itemText, run, startKernel } from './kernelHarness';

let kernel: KernelClient;
before(async () => {
  kernel = await startKernel();
});
after(async () => {
  await kernel.shutdown();
});

async function ok(code: string): Promise<void> {
  const r = await run(kernel, code);
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
}

async function variables(): Promise<Map<string, VariableInfo>> {
  const list = await kernel.listVariables();
  assert.ok('variables' in list, `busy: ${JSON.stringify(list)}`);
  return new Map(list.variables.map((v) => [v.name, v]));
}

test('before any cell the list is empty: Node\'s and the kernel\'s own globals are not the notebook\'s', async () => {
  assert.deepEqual(await kernel.listVariables(), { variables: [] });
});

test('numbers, strings, arrays, maps, sets, classes and functions, in name order, with sizes', async () => {
  await ok(`const answer = 42;
let greeting = 'hello';
var flags = [true, false, true];
const lookup = new Map([['a', 1], ['b', 2]]);
const seen = new Set([1]);
class Point { constructor(public x = 0) {} }
function area(w: number, h: number) { return w * h; }
const origin = new Point();
const nothing = null;`);
  const list = await variables();
  assert.deepEqual([...list.keys()], ['answer', 'area', 'flags', 'greeting', 'lookup', 'nothing', 'origin', 'Point', 'seen'].sort((a, b) => a.localeCompare(b)));
  assert.deepEqual(list.get('answer'), { name: 'answer', kind: 'number', type: 'number', preview: '42' });
  assert.deepEqual(list.get('greeting'), { name: 'greeting', kind: 'string', type: 'string', size: 5, preview: '"hello"' });
  assert.deepEqual(list.get('flags'), { name: 'flags', kind: 'array', type: 'Array', size: 3, preview: '[ true, false, true ]' });
  assert.equal(list.get('lookup')!.size, 2);
  assert.equal(list.get('lookup')!.kind, 'map');
  assert.equal(list.get('seen')!.size, 1);
  assert.deepEqual(list.get('Point'), { name: 'Point', kind: 'class', type: 'class', preview: 'class Point' });
  assert.deepEqual(list.get('area'), { name: 'area', kind: 'function', type: 'function', preview: 'area(2 parameters)' });
  assert.equal(list.get('origin')!.type, 'Point');
  assert.equal(list.get('nothing')!.kind, 'null');
});

test('tensors with shape and dtype (disposed ones said so), models with their parameter count', async () => {
  await ok(`import * as tf from '@tensorflow/tfjs';
const images = tf.zeros([2, 28, 28, 1]);
const labels = tf.tensor1d([1, 2, 3], 'int32');
const gone = tf.ones([3]); gone.dispose();
const model = tf.sequential({ name: 'digits', layers: [tf.layers.dense({ inputShape: [784], units: 16 }), tf.layers.dense({ units: 10 })] });`);
  const list = await variables();
  assert.deepEqual(list.get('images'), { name: 'images', kind: 'tensor', type: 'Tensor', shape: [2, 28, 28, 1], dtype: 'float32', preview: 'float32 [2, 28, 28, 1]' });
  assert.equal(list.get('labels')!.dtype, 'int32');
  assert.equal(list.get('gone')!.disposed, true);
  const model = list.get('model')!;
  assert.equal(model.kind, 'model');
  assert.equal(model.type, 'Sequential');
  assert.equal(model.params, 784 * 16 + 16 + 16 * 10 + 10);
  assert.equal(model.preview, 'digits: 2 layers, 12,730 parameters');
  // The module namespace a cell imported is a variable too.
  assert.equal(list.get('tf')!.kind, 'object');
});

test('a name declared again shows its latest value; a cell\'s name that shadows a global is listed', async () => {
  await ok('let counter = 1;');
  await ok('let counter = "now a string";\nconst fetch = "my own fetch";\nvar require = 3;');
  const list = await variables();
  assert.equal(list.get('counter')!.kind, 'string');
  assert.equal(list.get('fetch')!.preview, '"my own fetch"');
  assert.equal(list.get('require')!.preview, '3');
  assert.ok(!list.has('display'), 'the kernel\'s own display() is not the notebook\'s');
  assert.ok(!list.has('setTimeout'));
});

test('huge arrays, strings and typed arrays are described by size, with a bounded preview', async () => {
  await ok(`const big = new Array(5_000_000).fill(1.5);
const text = 'x'.repeat(1_000_000);
const floats = new Float32Array(2_000_000);
const deep = { a: { b: { c: { d: [1, 2, 3] } } }, list: Array.from({ length: 1000 }, (_, i) => i) };`);
  const list = await variables();
  assert.equal(list.get('big')!.size, 5_000_000);
  assert.equal(list.get('text')!.size, 1_000_000);
  assert.equal(list.get('floats')!.type, 'Float32Array');
  assert.equal(list.get('floats')!.size, 2_000_000);
  for (const v of list.values()) assert.ok(v.preview.length <= VARIABLE_PREVIEW_CHARS, `${v.name}: ${v.preview.length} characters`);
  assert.match(list.get('big')!.preview, /^\[ 1\.5, 1\.5,.*more items/);
});

test('a variable that throws when inspected is still listed', async () => {
  await ok('const hostile = new Proxy({}, { ownKeys() { throw new Error("no"); }, get() { throw new Error("no"); } });');
  assert.equal((await variables()).get('hostile')!.name, 'hostile');
});

test('inspecting shows a model as its layer graph and a tensor as its values; an unknown name is an error', async () => {
  const model = await kernel.inspectVariable('model');
  assert.ok('items' in model);
  assert.ok(model.items.some((i) => i.mime === 'application/vnd.tlnb.model+json'));
  const labels = await kernel.inspectVariable('labels');
  assert.ok('items' in labels);
  assert.match(itemText(labels.items, 'text/plain') ?? '', /Tensor int32 \[3\][\s\S]*\[1, 2, 3\]/);
  await assert.rejects(kernel.inspectVariable('nope'), /the notebook has no variable `nope`/);
});

test('while a cell runs the kernel says which, instead of listing', async () => {
  const { result } = kernel.execute('await new Promise((resolve) => setTimeout(resolve, 1500));', 'Cell 99', () => {});
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(await kernel.listVariables(), { busy: 'Cell 99' });
  await result;
});
