// Cell semantics through the real kernel process: declarations persist and re-bind, top-level
// await, the last expression's value, and the TypeScript constructs users write.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { plain, run, startKernel } from './kernelHarness';

let kernel: KernelClient;
before(async () => {
  kernel = await startKernel();
});
after(async () => {
  await kernel.shutdown();
});

async function value(code: string): Promise<string | undefined> {
  const r = await run(kernel, code);
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  return plain(r);
}

test('const, let, var, function, class and enum declared in one cell are visible in later cells', async () => {
  await value(`const a: number = 1;
let b = 2;
var c = 3;
function add(x: number, y: number): number { return x + y; }
class Box<T> { constructor(readonly item: T) {} }
enum Color { Red, Green = 5 }`);
  assert.equal(await value('add(a, b) + c'), '6');
  assert.equal(await value('new Box("x").item'), "'x'");
  assert.equal(await value('Color.Green + Color.Red'), '5');
});

test('re-running a cell that declares const re-binds it, as in a REPL', async () => {
  await value('const answer = 1');
  await value('const answer = 2');
  assert.equal(await value('answer'), '2');
  await value('class Model { size() { return 1 } }');
  await value('class Model { size() { return 2 } }');
  assert.equal(await value('new Model().size()'), '2');
});

test('top-level await, in loops and with for await', async () => {
  assert.equal(await value('const waited = await Promise.resolve(7); waited * 2'), '14');
  assert.equal(await value('let total = 0;\nfor (let i = 0; i < 3; i++) { total += await Promise.resolve(i); }\ntotal'), '3');
  assert.equal(await value('async function* gen() { yield 1; yield 2; }\nlet sum = 0;\nfor await (const v of gen()) sum += v;\nsum'), '3');
  assert.equal(await value('await new Promise<number>((resolve) => setTimeout(() => resolve(42), 10))'), '42');
});

test('the last expression is displayed; undefined and declarations are not', async () => {
  assert.equal((await run(kernel, 'undefined')).displays.length, 0);
  assert.equal((await run(kernel, 'const nothing = 5')).displays.length, 0);
  assert.equal((await run(kernel, 'console.log("x")')).displays.length, 0);
  assert.equal(await value('"text"'), "'text'");
  assert.equal(await value('({ a: [1, 2], b: { c: null } })'), '{ a: [ 1, 2 ], b: { c: null } }');
  // As in Node's REPL, a cell that is only braces is an object literal when it parses as one.
  assert.equal(await value('{ a: 1, b: "two" }'), "{ a: 1, b: 'two' }");
  assert.equal(await value('{ const inBlock = 3; inBlock * 2 }'), '6');
});

test('generics, destructuring declarations, labelled loops and template literals with backticks', async () => {
  assert.equal(await value('function first<T extends { id: number }>(items: T[]): T | undefined { return items[0]; }\nfirst<{ id: number }>([{ id: 9 }])?.id'), '9');
  await value('const { p, q: [r, ...rest], s = 4 } = { p: 1, q: [2, 3, 5] } as { p: number; q: number[]; s?: number };');
  assert.equal(await value('[p, r, rest, s]'), '[ 1, 2, [ 3, 5 ], 4 ]');
  assert.equal(
    await value('let found = "";\nouter: for (const i of [1, 2, 3]) {\n  for (const j of [1, 2, 3]) {\n    if (i * j === 4) { found = `${i}x${j}`; break outer; }\n    if (j > i) continue outer;\n  }\n}\nfound'),
    "'2x2'",
  );
  assert.equal(await value('const tick = "`";\n`a \\`quoted\\` ${tick}b${`nested ${1 + 1}`}`'), "'a `quoted` `bnested 2'");
  assert.equal(await value('const multi = `line 1\nimport x from "nowhere";\nexport const y = 1;`;\nmulti.split("\\n").length'), '3');
});

test('decorators (TypeScript 5 standard decorators)', async () => {
  await value(`const calls: string[] = [];
function logged<This, Args extends unknown[], R>(target: (this: This, ...args: Args) => R, context: ClassMethodDecoratorContext) {
  return function (this: This, ...args: Args): R { calls.push(String(context.name)); return target.apply(this, args); };
}
function tagged<T extends new (...args: any[]) => object>(value: T, _context: ClassDecoratorContext) {
  return class extends value { tag = 'tagged' };
}
@tagged
class Greeter {
  @logged greet(name: string) { return 'hi ' + name; }
}`);
  assert.equal(await value('const g = new Greeter() as Greeter & { tag: string };\n[g.greet("ann"), g.tag, calls]'), "[ 'hi ann', 'tagged', [ 'greet' ] ]");
});

test('type-only syntax disappears: interfaces, type aliases, casts, satisfies, non-null', async () => {
  assert.equal(
    await value('interface P { x: number }\ntype Q = P & { y?: string };\nconst pt = { x: 3 } satisfies P;\nconst qq = pt as Q;\nlet maybe: number | undefined = 2;\nqq.x + maybe!'),
    '5',
  );
});

test('export declarations in a cell still declare their names', async () => {
  await value('export const exported = 11;\nexport function exportedFn() { return 12; }');
  assert.equal(await value('exported + exportedFn()'), '23');
});
