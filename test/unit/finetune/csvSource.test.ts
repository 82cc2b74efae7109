import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectDelimiter, loadCsvDataset, parseCsvTable } from '../../../lib/finetune/data/csvSource';
import { FinetuneError } from '../../../lib/finetune/errors';
import { tempDir, writeFile } from './fixtures';

const dir = tempDir('csv');

function problem(fn: () => unknown): FinetuneError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FinetuneError, `expected a FinetuneError, got ${error}`);
    return error;
  }
  assert.fail('expected an error');
}

test('a CSV with a header and a named label column loads as features, class ids and sorted class names', () => {
  const path = writeFile(join(dir, 'iris.csv'), 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n4.9,1.4,setosa\n');
  const data = loadCsvDataset(path, { labelColumn: 'species' });
  assert.deepEqual(data.xs.shape, [4, 2]);
  assert.deepEqual(Array.from(data.xs.dataSync()), [5.1, 1.4, 7.0, 4.7, 6.3, 6.0, 4.9, 1.4].map(Math.fround));
  assert.deepEqual(data.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(Array.from(data.classIds), [0, 1, 2, 0]);
  assert.deepEqual(data.source, { format: 'csv', path, labelColumn: 'species' });
  assert.equal(data.describeExample(2), 'line 4 of iris.csv');
});

test('the label column can be named, numeric labels sort as numbers, and semicolons, quotes and CRLF are read', () => {
  const table = parseCsvTable('"x";"y";"digit"\r\n1;2;10\r\n3;4;9\r\n\r\n5;6;10\r\n', 'd.csv', 'digit');
  assert.deepEqual(table.featureNames, ['x', 'y']);
  assert.deepEqual(table.classNames, ['9', '10']);
  assert.deepEqual(Array.from(table.classIds), [1, 0, 1]);
  assert.deepEqual(Array.from(table.lines), [2, 3, 5]);
  assert.equal(detectDelimiter('a\tb\tc\n1\t2\t3'), '\t');
  const path = writeFile(join(dir, 'numeric.csv'), 'x,label\n1,10\n2,9\n3,10\n');
  assert.deepEqual(loadCsvDataset(path).classNames, ['9', '10']);
});

test('a non-numeric feature cell is named by line and column, with the file and a fix', () => {
  const path = writeFile(join(dir, 'bad.csv'), 'f1,f2,label\n1,2,a\n3,abc,b\n');
  const error = problem(() => loadCsvDataset(path));
  assert.equal(error.problem, 'csv-non-numeric');
  assert.equal(error.file, path);
  assert.match(error.message, /line 3, column "f2": "abc" is not a number/);
  assert.match(error.message, /how to fix: .*--label-column "f2"/);
  const empty = problem(() => parseCsvTable('f1,f2,label\n1,,a\n', 'e.csv'));
  assert.match(empty.message, /line 2, column "f2": the cell is empty/);
});

test('a missing label column lists the columns; a header of numbers asks for a header; ragged lines name the file', () => {
  const noLabel = problem(() => parseCsvTable('a,b,c\n1,2,3\n', 'x.csv'));
  assert.match(noLabel.message, /no label column: none of the columns \("a", "b", "c"\)/);
  assert.match(noLabel.message, /--label-column/);
  assert.match(problem(() => parseCsvTable('a,b\n1,2\n', 'x.csv', 'nope')).message, /there is no column "nope"; the columns are "a", "b"/);
  assert.match(problem(() => parseCsvTable('1,2,3\n4,5,6\n', 'x.csv')).message, /the first line holds only numbers .* add a header line such as "x1,x2,label"/s);
  const ragged = problem(() => parseCsvTable('a,label\n1,x\n2,y,3\n', 'r.csv'));
  assert.equal(ragged.problem, 'csv');
  assert.match(ragged.message, /^r\.csv: cannot read the CSV: .*line 3/);
  assert.match(problem(() => parseCsvTable('a,label\n', 'h.csv')).message, /no data lines/);
});

test('with a class count, labels are class ids and one outside the range is named', () => {
  const path = writeFile(join(dir, 'ids.csv'), 'f,label\n0.1,0\n0.2,1\n0.3,7\n');
  const error = problem(() => loadCsvDataset(path, { classCount: 3 }));
  assert.equal(error.problem, 'label-range');
  assert.match(error.message, /line 4 of ids\.csv has label "7", outside the class range 0\.\.2 \(3 classes\)/);
  const ok = loadCsvDataset(writeFile(join(dir, 'ids-ok.csv'), 'f,label\n0.1,0\n0.2,2\n'), { classCount: 3 });
  assert.deepEqual(ok.classNames, ['0', '1', '2']);
  assert.deepEqual(Array.from(ok.classIds), [0, 2]);
});
