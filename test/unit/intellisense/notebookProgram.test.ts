// The virtual program of a notebook: where each cell's text goes, and positions mapped both ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNotebookProgram, withoutGeneratedNames } from '../../../extension/intellisense/notebookProgram';
import { refusalMessage } from '../../../extension/intellisense/typeCheckMessage';

const cells = ["import * as tf from '@tensorflow/tfjs';\nimport { data, display as show } from 'tlnb';\nconst x = tf.scalar(1);", 'const y = x;\nshow(y);', "import * as tf from '@tensorflow/tfjs';\ntf.tensor([1]);"];

const scriptOf = (program: ReturnType<typeof buildNotebookProgram>, cell: number) => program.files.find((f) => f.fileName === `/nb/a.tlnb.cell${cell}.ts`)!;

test('every offset of a cell outside its imports maps into its own script and back to itself', () => {
  const program = buildNotebookProgram('/nb', 'a.tlnb', cells);
  cells.forEach((text, cell) => {
    const importsEnd = text.lastIndexOf("';") + 2;
    for (let offset = cell === 1 ? 0 : importsEnd + 1; offset <= text.length; offset++) {
      const at = program.toVirtual({ cell, offset })!;
      assert.equal(at.fileName, `/nb/a.tlnb.cell${cell}.ts`);
      assert.deepEqual(program.toCell(at.fileName, at.pos), { cell, offset });
      if (offset < text.length) assert.equal(scriptOf(program, cell).text[at.pos], text[offset], `cell ${cell} offset ${offset}`);
    }
  });
});

test('top-level declarations are exported from their cell\'s namespace, nested in the cells above; positions skip the inserted keyword', () => {
  const texts = ['const a = 1;\nexport let b = 2;\nfunction f() {}\n@sealed class C {}\nclass D {}\na;', 'type T = number;\ninterface I {}\nenum E { X }\nusing r = null as any;'];
  const program = buildNotebookProgram('/nb', 'a.tlnb', texts);
  const first = scriptOf(program, 0).text;
  assert.match(first, /^namespace __tlnb_cell0 \{\n/);
  assert.match(first, /\nexport const a = 1;\nexport let b = 2;\nexport function f\(\) \{\}\n@sealed export class C \{\}\nexport class D \{\}\na;\n\}\n$/);
  const second = scriptOf(program, 1).text;
  assert.match(second, /^namespace __tlnb_cell0\.__tlnb_cell1 \{\n/);
  assert.match(second, /export type T = number;\nexport interface I \{\}\nexport enum E \{ X \}\nusing r/);
  // The declaration's keyword maps to itself; a position inside `export ` maps to the keyword.
  const at = program.toVirtual({ cell: 0, offset: texts[0]!.indexOf('class D') })!;
  assert.equal(first.slice(at.pos, at.pos + 7), 'class D');
  assert.deepEqual(program.toCell(at.fileName, at.pos - 3), { cell: 0, offset: texts[0]!.indexOf('class D') });
  const span = program.toCellSpan(at.fileName, at.pos, 'class D {}\na;'.length)!;
  assert.deepEqual(span, { cell: 0, start: texts[0]!.indexOf('class D'), length: 'class D {}\na;'.length });
});

test("a cell's imports live in a module of their own at the same offsets, and its bindings become aliases", () => {
  const program = buildNotebookProgram('/nb', 'a.tlnb', cells);
  assert.deepEqual(
    program.files.map((f) => f.fileName),
    ['/nb/a.tlnb.imports0.ts', '/nb/a.tlnb.cell0.ts', '/nb/a.tlnb.cell1.ts', '/nb/a.tlnb.imports2.ts', '/nb/a.tlnb.cell2.ts'],
  );
  const imports = program.files[0]!;
  const offset = cells[0]!.indexOf('data');
  const at = program.toVirtual({ cell: 0, offset })!;
  assert.equal(at.fileName, imports.fileName);
  assert.equal(imports.text.slice(at.pos, at.pos + 4), 'data');
  assert.match(imports.text, /export \{ tf, data, show \};/);
  assert.match(imports.text, /declare global \{ namespace __tlnb_imports0 \{ export import module = __tlnb_imports_self; \} \}/);
  assert.match(scriptOf(program, 0).text, /^namespace __tlnb_cell0 \{\nexport import tf = __tlnb_imports0\.module\.tf; /);
  // For rename and references the binding is its alias in the cell's script, which maps back to the binding.
  const alias = program.toVirtual({ cell: 0, offset: cells[0]!.indexOf('show') }, 'rename')!;
  assert.equal(alias.fileName, '/nb/a.tlnb.cell0.ts');
  assert.equal(scriptOf(program, 0).text.slice(alias.pos, alias.pos + 4), 'show');
  assert.deepEqual(program.toCell(alias.fileName, alias.pos), { cell: 0, offset: cells[0]!.indexOf('show') });
  assert.doesNotMatch(scriptOf(program, 0).text, /from '@tensorflow/);
});

test('an edit in one cell changes only that cell\'s file, so the other cells\' syntax trees are reused', () => {
  const before = buildNotebookProgram('/nb', 'a.tlnb', cells);
  const after = buildNotebookProgram('/nb', 'a.tlnb', [cells[0]!, `${cells[1]!}\nconst typed = 1;`, cells[2]!]);
  const changed = after.files.filter((file) => before.files.find((f) => f.fileName === file.fileName)?.text !== file.text).map((f) => f.fileName);
  assert.deepEqual(changed, ['/nb/a.tlnb.cell1.ts']);
});

test('generated names are taken out of what the user reads', () => {
  assert.equal(withoutGeneratedNames('(alias) namespace tf\nimport tf = __tlnb_imports0.tf'), '(alias) namespace tf');
  assert.equal(withoutGeneratedNames('(alias) namespace tf\nexport import tf = __tlnb_imports0.tf'), '(alias) namespace tf');
  assert.equal(withoutGeneratedNames('const __tlnb_cell0.__tlnb_cell1.x: number'), 'const x: number');
  assert.equal(withoutGeneratedNames('(alias) f(): void\nimport __tlnb_cell0.f = __tlnb_imports0.module.f'), '(alias) f(): void');
  assert.equal(withoutGeneratedNames("Type '__tlnb_cell3.Point' is not assignable to type 'typeof __tlnb_cell1.x'."), "Type 'Point' is not assignable to type 'typeof x'.");
});

test('a refused cell says which errors, which setting, and how to run it anyway', () => {
  const message = refusalMessage(["line 2: Type 'string' is not assignable to type 'number'."]);
  assert.match(message, /^Not run: this cell has a type error, and the setting tlnb\.typeCheckBeforeRun is on\.\n {2}line 2: Type 'string'/);
  assert.match(message, /turn tlnb\.typeCheckBeforeRun off/);
  assert.match(refusalMessage(['line 1: a', 'line 3: b']), /has 2 type errors/);
});
