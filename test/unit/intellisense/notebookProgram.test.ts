// The virtual program of a notebook: where each cell's text goes, and positions mapped both ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNotebookProgram, withoutGeneratedNames } from '../../../extension/intellisense/notebookProgram';
import { refusalMessage } from '../../../extension/intellisense/typeCheckMessage';

const cells = ["import * as tf from '@tensorflow/tfjs';\nimport { data, display as show } from 'tlnb';\nconst x = tf.scalar(1);", 'const y = x;\nshow(y);', "import * as tf from '@tensorflow/tfjs';\ntf.tensor([1]);"];

test('every offset of a cell outside its imports maps into the main file and back to itself', () => {
  const program = buildNotebookProgram('/nb', 'a.tlnb', cells);
  cells.forEach((text, cell) => {
    const importsEnd = text.lastIndexOf("';") + 2;
    for (let offset = cell === 1 ? 0 : importsEnd + 1; offset <= text.length; offset++) {
      const at = program.toVirtual({ cell, offset })!;
      assert.equal(at.fileName, '/nb/a.tlnb.notebook.ts');
      assert.deepEqual(program.toCell(at.fileName, at.pos), { cell, offset });
      if (offset < text.length) assert.equal(program.main.text[at.pos], text[offset], `cell ${cell} offset ${offset}`);
    }
  });
});

test('a cell\'s imports live in a file of their own at the same offsets, and its bindings become aliases', () => {
  const program = buildNotebookProgram('/nb', 'a.tlnb', cells);
  assert.deepEqual(program.importFiles.map((f) => f.fileName), ['/nb/a.tlnb.cell0.ts', '/nb/a.tlnb.cell2.ts']);
  const offset = cells[0]!.indexOf('data');
  const at = program.toVirtual({ cell: 0, offset })!;
  assert.equal(at.fileName, '/nb/a.tlnb.cell0.ts');
  assert.equal(program.importFiles[0]!.text.slice(at.pos, at.pos + 4), 'data');
  assert.match(program.importFiles[0]!.text, /export \{ tf, data, show \};/);
  // For rename and references the binding is its alias in the main file, which maps back to the binding.
  const alias = program.toVirtual({ cell: 0, offset: cells[0]!.indexOf('show') }, 'rename')!;
  assert.equal(alias.fileName, program.main.fileName);
  assert.equal(program.main.text.slice(alias.pos, alias.pos + 4), 'show');
  assert.deepEqual(program.toCell(alias.fileName, alias.pos), { cell: 0, offset: cells[0]!.indexOf('show') });
  // The import statements are blanked in the main file; the cells nest in document order.
  assert.doesNotMatch(program.main.text, /from '@tensorflow/);
  const order = [0, 1, 2].map((i) => program.main.text.indexOf(`namespace __tlnb_cell${i} {`));
  assert.deepEqual([...order].sort((a, b) => a - b), order);
});

test('a cell whose braces do not balance goes after the others, so the cells below keep their scope', () => {
  const texts = ['const a = 1;', 'function half() {\n  return a', 'const b = a;'];
  const program = buildNotebookProgram('/nb', 'a.tlnb', texts);
  const main = program.main.text;
  assert.ok(main.indexOf('const b = a;') < main.indexOf('function half() {'), main);
  const at = program.toVirtual({ cell: 1, offset: 5 })!;
  assert.deepEqual(program.toCell(at.fileName, at.pos), { cell: 1, offset: 5 });
  // `model.` before the added closing brace is a syntax error but not an unbalanced cell.
  const typing = buildNotebookProgram('/nb', 'a.tlnb', ['const model = 1;', 'model.', 'const c = 2;']).main.text;
  assert.ok(typing.indexOf('model.') < typing.indexOf('const c = 2;'));
});

test('generated names are taken out of what the user reads', () => {
  assert.equal(withoutGeneratedNames('(alias) namespace tf\nimport tf = __tlnb_imports0.tf'), '(alias) namespace tf');
  assert.equal(withoutGeneratedNames("Type '__tlnb_cell3.Point' is not assignable to type 'typeof __tlnb_cell1.x'."), "Type 'Point' is not assignable to type 'typeof x'.");
});

test('a refused cell says which errors, which setting, and how to run it anyway', () => {
  const message = refusalMessage(["line 2: Type 'string' is not assignable to type 'number'."]);
  assert.match(message, /^Not run: this cell has a type error, and the setting tlnb\.typeCheckBeforeRun is on\.\n {2}line 2: Type 'string'/);
  assert.match(message, /turn tlnb\.typeCheckBeforeRun off/);
  assert.match(refusalMessage(['line 1: a', 'line 3: b']), /has 2 type errors/);
});
