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

test('export keywords are blanked so columns stay put; re-exports vanish', () => {
  assert.equal(rewriteModuleSyntax('export const x = 1;'), '       const x = 1;');
  assert.equal(rewriteModuleSyntax('export default function f() {}'), '               function f() {}');
  assert.equal(rewriteModuleSyntax('export { x };\nexport * from "y";').trim(), '');
});

test('dynamic import() goes through the kernel; import text inside strings and templates is left alone', () => {
  assert.equal(rewriteModuleSyntax('const m = await import("m");'), 'const m = await __tlnb.import("m");');
  const template = 'const s = `\nimport x from "y";\nexport const z = 1;\n`;';
  assert.equal(rewriteModuleSyntax(template), template);
});
