import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewriteModuleSyntax } from '../../../kernel/transpile/rewriteModuleSyntax';

test('import declarations become awaited loads on the same line', () => {
  const code = [
    'import * as tf from "@tensorflow/tfjs";',
    'import d, { a, b as c, "x-y" as xy } from "pkg";',
    'import e, * as ns from "other";',
    'import "side-effect";',
    'const after = 1;',
  ].join('\n');
  assert.deepEqual(rewriteModuleSyntax(code).split('\n'), [
    'const tf = await __tlnb.import("@tensorflow/tfjs");',
    'const { default: d, a, b: c, "x-y": xy } = await __tlnb.import("pkg");',
    'const ns = await __tlnb.import("other"); const { default: e } = ns;',
    'await __tlnb.import("side-effect");',
    'const after = 1;',
  ]);
});

test('a multi-line import keeps the line count', () => {
  const rewritten = rewriteModuleSyntax('import {\n  a,\n  b\n} from "m";\nx');
  assert.equal(rewritten.split('\n').length, 5);
  assert.equal(rewritten.split('\n')[4], 'x');
});

test('export keywords are blanked so columns stay put; re-exports bind what they name', () => {
  assert.equal(rewriteModuleSyntax('export const x = 1;'), '       const x = 1;');
  assert.equal(rewriteModuleSyntax('export default function f() {}'), '               function f() {} void (module.exports.default = f);');
  assert.equal(rewriteModuleSyntax('export { x };').trim(), '');
  assert.equal(rewriteModuleSyntax('export * from "y";'), 'await __tlnb.import("y");');
  assert.equal(rewriteModuleSyntax('export { a, b as c } from "y";'), 'const { a, b: c } = await __tlnb.import("y");');
  assert.equal(rewriteModuleSyntax('export * as ns from "y";'), 'const ns = await __tlnb.import("y");');
});

test('export default binds module.exports.default; a renamed export binds its new name', () => {
  assert.equal(rewriteModuleSyntax('export default 42;'), 'module.exports.default = 42;');
  assert.equal(rewriteModuleSyntax('export default function () {}'), 'module.exports.default = (function () {});');
  assert.equal(rewriteModuleSyntax('export default class {}'), 'module.exports.default = (class {});');
  assert.equal(rewriteModuleSyntax('const a = 1; export { a as b, a };'), 'const a = 1; const b = a;');
});

test('import.meta reads the notebook; thrown values without calls are wrapped to record where', () => {
  assert.equal(rewriteModuleSyntax('import.meta.url'), '__tlnb.importMeta.url');
  assert.equal(rewriteModuleSyntax('if (x)\n  throw "s";'), 'if (x)\n  throw __tlnb.thrown("s", 2, 3);');
  // An Error made in the argument keeps its column: not wrapped.
  assert.equal(rewriteModuleSyntax('throw new Error("x");'), 'throw new Error("x");');
  assert.equal(rewriteModuleSyntax('f(() => { throw import.meta });'), 'f(() => { throw __tlnb.thrown(__tlnb.importMeta, 1, 11) });');
});

test('dynamic import() goes through the kernel; import text inside strings and templates is left alone', () => {
  assert.equal(rewriteModuleSyntax('const m = await import("m");'), 'const m = await __tlnb.import("m");');
  const template = 'const s = `\nimport x from "y";\nexport const z = 1;\n`;';
  assert.equal(rewriteModuleSyntax(template), template);
});
