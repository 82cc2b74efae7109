// Hostile CSV files (issue 12, item 2): a million columns, a line with no end, a quote never closed,
// more rows than the memory budget holds. Each is refused while it is read, with the file, the line
// and the numbers, and a file of many rows is streamed: its reading is measured in a child process
// whose heap is capped (the whole-file parser this replaced ran out of memory there).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCsvDataset, parseCsvTable } from '../../../lib/finetune/data/csvSource';
import { FinetuneError } from '../../../lib/finetune/errors';
import { MAX_CSV_COLUMNS } from '../../../lib/inputLimits';
import { tempDir, writeFile } from './fixtures';

const dir = tempDir('csv-limits');

function refusal(fn: () => unknown): FinetuneError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FinetuneError, `expected a FinetuneError, got ${(error as Error).stack}`);
    return error;
  }
  assert.fail('expected the CSV to be refused');
}

/** Writes `rows` lines made by `line(i)` after `header`, streamed to disk. */
async function writeRows(path: string, header: string, rows: number, line: (i: number) => string): Promise<string> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    batch.push(line(i));
    if (batch.length === 10_000 || i === rows - 1) {
      if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      batch = [];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return path;
}

function loadInChild(path: string, heapMb: number, env: NodeJS.ProcessEnv = {}): { rows?: number; error?: string; peakRssMb: number } {
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', join(import.meta.dirname, 'csvLoadChild.ts'), path], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `the child printed no result (status ${child.status}, signal ${child.signal}): ${child.stderr.slice(-600)}`);
  return JSON.parse(line) as { rows?: number; error?: string; peakRssMb: number };
}

test('a million columns are refused at the header line, with the count and the limit', () => {
  const header = `${Array.from({ length: 1_000_000 }, () => 'c').join(',')},label`;
  const row = `${new Array(1_000_000).fill('0').join(',')},a`;
  const path = writeFile(join(dir, 'wide.csv'), `${header}\n${row}\n${row}\n`);
  const error = refusal(() => loadCsvDataset(path));
  assert.equal(error.file, path);
  assert.match(error.message, new RegExp(`line 1 \\(the header\\) has 1,000,001 columns; tlnb reads at most ${MAX_CSV_COLUMNS.toLocaleString('en-US')}`));
});

test("columns that do not fill the model's input are refused at the header, before any row is read", () => {
  const columns = Array.from({ length: 50 }, (_, i) => `f${i}`);
  // Line 2 is not numbers: the old reader parsed every row first and complained about it instead.
  const path = writeFile(join(dir, 'narrow-model.csv'), `${columns.join(',')},label\n${columns.map(() => 'x').join(',')},a\n`);
  const error = refusal(() => loadCsvDataset(path, { inputShape: [4], modelFile: '/m/model.json' }));
  assert.equal(error.problem, 'input-shape');
  assert.match(error.message, /the model takes examples of shape \[4\] \(4 values\), but .*narrow-model\.csv has examples of shape \[50\] \(50 values\)/);
});

test('a line without an end is refused once it passes 4 MiB, as the header or as a row', () => {
  const endless = writeFile(join(dir, 'endless.csv'), '1,'.repeat(8 * 1024 * 1024));
  assert.match(refusal(() => loadCsvDataset(endless)).message, /endless\.csv: the header line is longer than 4\.2 MB \(\d+\.\d MB read so far without its end\)/);
  // Empty cells add no characters to a record, so csv-parse's own record-size option would not stop this one.
  const commas = writeFile(join(dir, 'commas.csv'), `a,label\n1,x\n${','.repeat(12 * 1024 * 1024)}`);
  assert.match(refusal(() => loadCsvDataset(commas)).message, /commas\.csv: the record that starts after line 2 is longer than 4\.2 MB/);
});

test('malformed quoting is named with its line: a quote never closed, and text after a closing quote', async () => {
  const unclosed = refusal(() => parseCsvTable('a,label\n1,x\n2,"y\n3,z\n', 'q.csv'));
  assert.match(unclosed.message, /^q\.csv: cannot read the CSV: Quote Not Closed: .* \(the last record read whole ends on line 2\)/);
  assert.match(refusal(() => parseCsvTable('a,label\n1,"x"y\n', 'c.csv')).message, /^c\.csv: cannot read the CSV: Invalid Closing Quote: .*line 2/);
  // In a large file the open quote swallows the rest: reading stops at 4 MiB, not at the end of the file.
  const big = await writeRows(join(dir, 'open-quote.csv'), 'a,b,label', 400_000, (i) => (i === 1 ? '1,"2,a' : `${i},${i},b`));
  const error = refusal(() => loadCsvDataset(big));
  assert.match(error.message, /the record that starts after line 2 is longer than 4\.2 MB .*reading stopped there/);
  assert.match(error.message, /a quote \("\) that is never closed/);
});

test('rows past the memory budget are refused at the row that crosses it, with the numbers', async () => {
  const path = await writeRows(join(dir, 'many.csv'), 'a,b,c,label', 300_000, (i) => `0.5,1.5,2.5,${i % 2 ? 'x' : 'y'}`);
  const result = loadInChild(path, 48, { TLNB_MEMORY_BUDGET_MB: '1' });
  // 1 MiB / (3 floats + a class id + a line number, 4 bytes each) = 52,428 rows.
  assert.match(result.error ?? '', /many\.csv: line 52,430 is row 52,429: 52,429 rows of 3 feature columns need 1\.0 MB, more than the memory budget of 1 MiB \(TLNB_MEMORY_BUDGET_MB\) \(at most 52,428 rows fit\); reading stopped there/);
});

test('300,000 rows are streamed: they load with a 48 MB heap and stay under 250 MB of memory', async () => {
  const path = await writeRows(join(dir, 'streamed.csv'), 'a,b,c,label', 300_000, (i) => `0.5,${i % 97},2.5,${i % 3}`);
  const result = loadInChild(path, 48);
  assert.equal(result.error, undefined);
  assert.equal(result.rows, 300_000);
  assert.ok(result.peakRssMb < 250, `peak memory ${result.peakRssMb} MB`);
});
