// Notebooks written for these tests the way a user would write them (notebooks/: classes, async
// functions and generators, a custom layer, names declared again in later cells, imports of
// node:fs and node:path, tlnb's data/models/views/finetune, top-level await, destructuring): no
// diagnostics, and completions, hover, go to definition and rename reach across their cells.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook } from '../../../common/format';
import { ROOT } from '../kernel/kernelHarness';
import { notebookOf } from './typesHarness';

const DIR = join(__dirname, 'notebooks');
const codeCells = (name: string) =>
  parseNotebook(readFileSync(join(DIR, name), 'utf8'))
    .cells.filter((c) => c.kind === 'code' && c.language === 'typescript')
    .map((c) => c.source);
/** The notebook's service (in the samples folder, where such notebooks live) and an offset finder. */
function open(name: string) {
  const cells = codeCells(name);
  const service = notebookOf(cells, join(ROOT, 'samples'));
  /** Offset of `marker` in the cell (its `nth` occurrence), plus `shift`. */
  const at = (cell: number, marker: string, shift = 0, nth = 0) => {
    let found = -1;
    for (let i = 0; i <= nth; i++) found = cells[cell]!.indexOf(marker, found + 1);
    assert.ok(found >= 0, `"${marker}" (#${nth}) is not in cell ${cell}`);
    return found + shift;
  };
  const completions = (cell: number, marker: string) => service.completions(cell, at(cell, marker, marker.length), '.')!.entries.map((e) => e.name);
  const definition = (cell: number, marker: string) => service.definitions(cell, at(cell, marker)).map((l) => (l.kind === 'cell' ? [l.cell, cells[l.cell]!.slice(l.start, l.start + l.length), l.start] : l.path));
  return { cells, service, at, completions, definition };
}

test('the notebooks written for these tests have no diagnostics', () => {
  const names = readdirSync(DIR).filter((f) => f.endsWith('.tlnb'));
  assert.equal(names.length, 3);
  for (const name of names) {
    const { cells, service } = open(name);
    const found = service.diagnostics({ syntax: true });
    assert.deepEqual(found.map((d) => `cell ${d.cell}: ${cells[d.cell]!.slice(d.start, d.start + d.length)}: ${d.message}`), [], name);
  }
});

test('spam classifier: a class from an earlier cell completes and hovers; a re-declared name resolves to the latest one above', () => {
  const { cells, service, at, completions, definition } = open('spam-classifier.tlnb');
  for (const name of ['train', 'predict', 'model', 'inputSize']) assert.ok(completions(4, 'classifier.').includes(name), name);
  assert.ok(!completions(4, 'classifier.').includes('trained'), 'a private member is not offered');
  assert.match(service.quickInfo(3, at(3, 'report ='))!.signature, /^const report: TrainReport$/);
  // `vocab` of cell 1 in cell 3, of cell 4 (declared again) in cell 5.
  assert.deepEqual(definition(3, 'vocab.size'), [[1, 'vocab', cells[1]!.indexOf('vocab =')]]);
  assert.deepEqual(definition(5, 'vocab.words'), [[4, 'vocab', cells[4]!.indexOf('vocab =')]]);
  assert.match(service.quickInfo(5, at(5, 'vocab.words'))!.signature, /^const vocab: (data\.)?Vocabulary$/);
  // Imports from node:fs and node:path reach later cells.
  assert.ok(completions(5, 'path.').includes('join'));
  assert.match(service.quickInfo(5, at(5, 'existsSync'))!.signature, /^\(alias\) (function )?existsSync\(path: PathLike\): boolean$/);
  // Renaming `maxWords` (a `let` of cell 0, assigned in cell 4) changes it in every cell that uses it.
  const renamed = service.rename(4, at(4, 'maxWords'), 'wordLimit');
  assert.ok(renamed.ok);
  assert.deepEqual(renamed.edits.map((e) => [e.cell, cells[e.cell]!.slice(e.start, e.start + e.length)]).sort(), [
    [0, 'maxWords'],
    [1, 'maxWords'],
    [4, 'maxWords'],
    [4, 'maxWords'],
  ]);
});

test('training loop: enums, generators and a custom layer across cells; `xs` declared again takes the later type', () => {
  const { service, at, completions, definition } = open('training-loop.tlnb');
  assert.deepEqual(completions(2, 'Phase.').sort(), ['Train', 'Warmup']);
  assert.deepEqual(definition(2, 'predict(bx)'), [[1, 'predict', at(1, 'predict =')]]);
  assert.match(service.quickInfo(3, at(3, 'xs.mul'))!.signature, /^const xs: (tf\.)?Tensor1D$/);
  assert.match(service.quickInfo(6, at(6, 'xs.data'))!.signature, /^const xs: (tf\.)?Tensor2D$/);
  assert.ok(completions(6, 'model.').includes('fitDataset'));
  assert.match(service.quickInfo(5, at(5, 'new Scale', 4))!.signature, /Scale\(config\?: \{\s*name\?: string;?\s*\}\): Scale/);
  // `points` (cell 0) renames in every cell that reads it, and nowhere else.
  const renamed = service.rename(0, at(0, 'points'), 'samples');
  assert.ok(renamed.ok);
  assert.deepEqual([...new Set(renamed.edits.map((e) => e.cell))].sort(), [0, 1, 2, 5]);
});

test("fine-tune: `join` from node:path, a default import of node:fs and an `export const` reach later cells", () => {
  const { cells, service, at, completions, definition } = open('finetune-head.tlnb');
  assert.deepEqual(definition(5, 'join(')[0], [0, 'join', cells[0]!.indexOf('join }')]);
  assert.match(service.quickInfo(5, at(5, 'join('))!.signature, /join: \(\.\.\.paths: string\[\]\) => string/);
  assert.ok(completions(5, 'fs.').includes('mkdirSync'));
  assert.deepEqual(definition(5, 'headUnits);'), [[2, 'headUnits', cells[2]!.indexOf('headUnits =')]]);
  assert.ok(completions(1, 'finetune.').includes('loadBaseModel'));
  assert.match(service.quickInfo(2, at(2, 'baseModel)'))!.signature, /^const baseModel: (tf\.)?LayersModel$/);
  const renamed = service.rename(2, at(2, 'head ='), 'classifierHead');
  assert.ok(renamed.ok);
  assert.deepEqual([...new Set(renamed.edits.map((e) => e.cell))].sort(), [2, 3, 4, 5]);
});
