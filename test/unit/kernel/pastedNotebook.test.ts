// `tlnb run` on a notebook of TensorFlow.js code pasted as written for plain Node
// (test/fixtures/pasted/pasted-tfjs.tlnb: CommonJS require and module.exports, a custom layer as in
// tfjs-examples/custom-layer, a confusion matrix, ESM forms; its last cell checks the results),
// and `tlnb run --continue`, which runs every cell and reports every failure.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook, serializeNotebook, type CellFile } from '../../../common/format';
import { CLI_PATH, ROOT, ensureBuilt, tempDir } from './kernelHarness';

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const code = (source: string): CellFile => ({ kind: 'code', language: 'typescript', source, metadata: {}, outputs: [], extra: {} });

function tlnb(...args: string[]) {
  ensureBuilt();
  return spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', timeout: 240_000 });
}

test('a notebook of pasted CommonJS and ESM tfjs code runs through tlnb run', () => {
  const dir = tempDir();
  const path = join(dir, 'pasted-tfjs.tlnb');
  copyFileSync(join(ROOT, 'test', 'fixtures', 'pasted', 'pasted-tfjs.tlnb'), path);
  const result = tlnb('run', path);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const saved = parseNotebook(readFileSync(path, 'utf8'));
  const outputs = saved.cells.map((cell) => cell.outputs.flatMap((o) => o.items.map((i) => text(i.data))).join('\n'));
  assert.match(outputs[1]!, /^tfjs 4\.\d+\.\d+ function/);
  assert.match(outputs[5]!, /confusion total 64/);
  // The checks cell's value: every check true.
  assert.match(outputs.at(-1)!, /layerName: true/);
  assert.doesNotMatch(outputs.at(-1)!, /false/);
});

test('tlnb run --continue runs every cell after failures, reports them all and exits 1', () => {
  const dir = tempDir();
  const path = join(dir, 'nb.tlnb');
  writeFileSync(path, serializeNotebook({ metadata: {}, cells: [code('const a = (1 + ;'), code('const b = 2;'), code("throw 'bad'"), code('b * 21')], extra: {} }));
  const result = tlnb('run', path, '--continue');
  assert.equal(result.status, 1);
  assert.match(result.stdout, /\[1\/4\] Cell 1 error/);
  assert.match(result.stdout, /\[4\/4\] Cell 4 ok/);
  assert.match(result.stderr, /Cell 1 failed:\nSyntaxError/);
  assert.match(result.stderr, /Cell 3 failed:\nUncaught 'bad'\n\s+at Cell 3:1:1/);
  assert.match(result.stderr, /2 of 4 cells failed: Cell 1, Cell 3/);
  const saved = parseNotebook(readFileSync(path, 'utf8'));
  assert.equal(text(saved.cells[3]!.outputs[0]!.items[0]!.data), '42');
  assert.equal(saved.cells[3]!.execution?.success, true);
  // Without --continue the run still stops at the first failure.
  const stopped = tlnb('run', path);
  assert.equal(stopped.status, 1);
  assert.doesNotMatch(stopped.stdout, /\[2\/4\]/);
});

test('tlnb run writes a display handle\'s late updates into its own cell; a timer\'s output goes to the cell running then', () => {
  const dir = tempDir();
  const path = join(dir, 'late.tlnb');
  writeFileSync(
    path,
    serializeNotebook({
      metadata: {},
      cells: [
        code("const bar = display('0%');\nvoid setTimeout(() => console.log('timer of cell 1'), 100);"),
        code("await new Promise((r) => setTimeout(r, 400));\nbar.update('100%');\n'cell 2'"),
      ],
      extra: {},
    }),
  );
  const result = tlnb('run', path);
  assert.equal(result.status, 0, result.stderr);
  const saved = parseNotebook(readFileSync(path, 'utf8'));
  const outputs = saved.cells.map((cell) => cell.outputs.map((o) => o.items.map((i) => text(i.data)).join('|')));
  assert.deepEqual(outputs[0], ['100%']);
  // Output of code that outlives its cell goes to the running cell (docs/kernel.md says why).
  assert.deepEqual(outputs[1], ['timer of cell 1\n', "'cell 2'"]);
});
