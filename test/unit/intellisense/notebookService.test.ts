// The notebook language service with the shipped types: what earlier cells declared is known in
// later cells, as the kernel runs them; imports of tfjs, `tlnb`, Node and the notebook folder's
// packages have types; real type errors land in the right cell and line; the samples have none.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook } from '../../../common/format';
import { ROOT, tempDir } from '../kernel/kernelHarness';
import { after, notebookOf } from './typesHarness';

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length - 1;

test('model. two cells after `const model = tf.sequential()` lists fit and compile; hovering model shows Sequential', () => {
  const cells = ["import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();", 'const unrelated = 1;', 'model.'];
  const service = notebookOf(cells);
  const names = service.completions(2, 'model.'.length, '.')!.entries.map((e) => e.name);
  assert.ok(names.includes('fit') && names.includes('compile') && names.includes('add'), names.join(' '));
  assert.ok(!names.some((n) => n.startsWith('__tlnb')));
  const hover = service.quickInfo(2, 2)!;
  assert.match(hover.signature, /^const model: (tf\.)?Sequential$/);
  assert.deepEqual([hover.start, hover.length], [0, 5]);
});

test("`import { data } from 'tlnb'` then data. lists the loaders", () => {
  const cells = ["import { data } from 'tlnb';", 'data.'];
  const names = notebookOf(cells).completions(1, 5, '.')!.entries.map((e) => e.name);
  for (const loader of ['loadMnist', 'readMnist', 'loadSpamAssassin', 'readIdxFile', 'trainTestSplit']) assert.ok(names.includes(loader), `${loader} in ${names.join(' ')}`);
});

test("`const n: number = 'a'` is one diagnostic, in its cell and line", () => {
  const cells = ['const a = 1;', "const b = a + 1;\nconst n: number = 'a';\nb;"];
  const diagnostics = notebookOf(cells).diagnostics({ syntax: true });
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const [d] = diagnostics;
  assert.equal(d!.cell, 1);
  assert.equal(lineOf(cells[1]!, d!.start), 1);
  assert.equal(cells[1]!.slice(d!.start, d!.start + d!.length), 'n');
  assert.match(d!.message, /Type 'string' is not assignable to type 'number'/);
});

test('no sample notebook has a diagnostic', () => {
  const samples = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.tlnb'));
  assert.ok(samples.length >= 10);
  for (const name of samples) {
    const notebook = parseNotebook(readFileSync(join(ROOT, 'samples', name), 'utf8'));
    const cells = notebook.cells.filter((c) => c.kind === 'code' && c.language === 'typescript').map((c) => c.source);
    const found = notebookOf(cells, join(ROOT, 'samples')).diagnostics({ syntax: true });
    assert.deepEqual(found.map((d) => `cell ${d.cell}: ${cells[d.cell]!.slice(d.start, d.start + d.length)}: ${d.message}`), [], name);
  }
});

test('a re-declared name takes the latest declaration above the cell, as the kernel runs it', () => {
  const cells = ['const x = 1;', 'x;', "const x = 'now a string';", 'x;', "import * as tf from '@tensorflow/tfjs';", "import * as tf from '@tensorflow/tfjs';\ntf;"];
  const service = notebookOf(cells);
  assert.equal(service.quickInfo(1, 0)!.signature, 'const x: 1');
  assert.equal(service.quickInfo(3, 0)!.signature, 'const x: "now a string"');
  assert.deepEqual(service.diagnostics({ syntax: true }), [], 'a re-declaration or a repeated import is not an error');
  // Inside one cell, a second declaration is an error, as in the kernel.
  assert.equal(notebookOf(['let y = 1;\nlet y = 2;']).diagnostics().filter((d) => d.category === 'error').length, 2);
});

test('imported names keep their type meaning; top-level await works, await in a plain function is an error', () => {
  const cells = [
    "import { Tensor, type Rank } from '@tensorflow/tfjs';\nimport * as tf from '@tensorflow/tfjs';",
    'let t: Tensor<Rank.R1> = tf.tensor1d([1, 2]);\nconst values = await t.data();\nfor await (const v of [Promise.resolve(1)]) v;',
    'function later() {\n  return await values;\n}',
  ];
  const diagnostics = notebookOf(cells).diagnostics();
  assert.deepEqual(
    diagnostics.map((d) => [d.cell, d.code]),
    [[2, 1308]],
    JSON.stringify(diagnostics),
  );
  assert.match(notebookOf(cells).quickInfo(1, after(cells[1]!, 'const val') - 1)!.signature, /const values: (Float32Array|Int32Array|Uint8Array)/);
});

test('cell globals, Node built-ins and tlnb have types', () => {
  const cells = [
    "import { readFileSync } from 'node:fs';\nimport path from 'path';\nimport { display, views } from 'tlnb';",
    "display.markdown('**hi**');\nconst text: string = readFileSync(path.join(__dirname, 'x'), 'utf8');\nconst req = require('node:os');\nviews.linePlot;",
  ];
  const service = notebookOf(cells);
  assert.deepEqual(service.diagnostics({ syntax: true }), []);
  assert.match(service.quickInfo(1, 2)!.signature, /display/);
  const globals = notebookOf(['display.']).completions(0, 8, '.')!.entries.map((e) => e.name);
  for (const name of ['html', 'markdown', 'png', 'images']) assert.ok(globals.includes(name), `display.${name} (global display) in ${globals.join(' ')}`);
});

test("packages in the notebook folder's node_modules resolve, typed or not; a missing package is an error", () => {
  const dir = tempDir('tlnb-intellisense-');
  mkdirSync(join(dir, 'node_modules', 'greeter'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'greeter', 'package.json'), JSON.stringify({ name: 'greeter', version: '1.0.0', main: 'index.js', types: 'index.d.ts' }));
  writeFileSync(join(dir, 'node_modules', 'greeter', 'index.d.ts'), 'export declare function greet(name: string): string;\n');
  mkdirSync(join(dir, 'node_modules', 'untyped'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'untyped', 'package.json'), JSON.stringify({ name: 'untyped', version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(dir, 'node_modules', 'untyped', 'index.js'), 'exports.x = 1;\n');
  const cells = ["import { greet } from 'greeter';\nimport untyped from 'untyped';", 'greet(1);\nuntyped.anything;', "import nothing from 'no-such-package';"];
  const diagnostics = notebookOf(cells, dir).diagnostics();
  assert.deepEqual(
    diagnostics.map((d) => [d.cell, d.code]),
    [
      [1, 2345],
      [2, 2307],
    ],
    JSON.stringify(diagnostics),
  );
});

test('go to definition, references and rename reach across cells, and stop at a re-declaration', () => {
  const cells = ['let rate = 0.1;', 'rate = rate / 2;', 'const scaled = rate * 10;', "const rate = 'shadowed';\nrate;"];
  const service = notebookOf(cells);
  assert.deepEqual(service.definitions(2, after(cells[2]!, '= r')), [{ kind: 'cell', cell: 0, start: 4, length: 4 }]);
  assert.deepEqual(
    service.references(0, 5).map((l) => (l.kind === 'cell' ? [l.cell, l.start] : l.path)),
    [
      [0, 4],
      [1, 0],
      [1, 7],
      [2, 15],
    ],
  );
  const renamed = service.rename(1, 0, 'learningRate');
  assert.ok(renamed.ok);
  assert.deepEqual(renamed.edits.map((e) => [e.cell, e.start, e.text]).sort(), [
    [0, 4, 'learningRate'],
    [1, 0, 'learningRate'],
    [1, 7, 'learningRate'],
    [2, 15, 'learningRate'],
  ]);
  // An import binding renames in its import and in the cells that use it.
  const imported = notebookOf(["import * as tf from '@tensorflow/tfjs';", 'tf.scalar(1);']).rename(1, 0, 'tensorflow');
  assert.ok(imported.ok);
  assert.deepEqual(imported.edits.map((e) => [e.cell, e.start, e.text]).sort(), [
    [0, 12, 'tensorflow'],
    [1, 0, 'tensorflow'],
  ]);
  // Definitions outside the notebook name the shipped declaration file.
  const [tfjs] = notebookOf(["import * as tf from '@tensorflow/tfjs';", 'tf.sequential;']).definitions(1, 5);
  assert.ok(tfjs?.kind === 'file' && tfjs.bundled && /tfjs-layers\/dist\/exports\.d\.ts$/.test(tfjs.path), JSON.stringify(tfjs));
});

test('signature help inside a call from an earlier cell', () => {
  const cells = ['function dense(units: number, activation: string) { return units; }', "dense(3, "];
  const help = notebookOf(cells).signatureHelp(1, cells[1]!.length, ',')!;
  assert.equal(help.activeParameter, 1);
  const [signature] = help.signatures;
  assert.equal(signature!.label, 'dense(units: number, activation: string): number');
  assert.equal(signature!.label.slice(...signature!.parameters[1]!.label), 'activation: string');
});

test('a cell with unbalanced braces while being typed leaves the other cells without false errors', () => {
  const cells = ['const a = 1;', 'function f() {\n  if (a) {', 'const b: number = a;'];
  const diagnostics = notebookOf(cells).diagnostics();
  assert.deepEqual(diagnostics.filter((d) => d.cell !== 1), []);
});

test("the declared `tlnb` module has exactly the kernel module's exports", async () => {
  const { createTlnbModule } = await import('../../../lib/index');
  const kernelNames = Object.keys(await createTlnbModule({ display: (() => undefined) as never })).sort();
  const declared = notebookOf(["import * as tlnb from 'tlnb';", 'tlnb.']).completions(1, 5, '.')!.entries.map((e) => e.name).sort();
  assert.deepEqual(declared, kernelNames);
});
