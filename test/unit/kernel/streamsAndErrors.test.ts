// Output streaming and errors: text arrives while the cell still runs, in the order written;
// runtime errors point at the cell and line the user wrote; syntax errors at line and column.

import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { itemText, run, startKernel, tempDir } from './kernelHarness';

let kernel: KernelClient;
let notebookDir: string;
before(async () => {
  notebookDir = tempDir();
  kernel = await startKernel(notebookDir);
});
after(async () => {
  await kernel.shutdown();
});

test('console and process streams arrive in the order written, interleaved with displays', async () => {
  const r = await run(
    kernel,
    `console.log('one');
process.stdout.write('two\\n');
console.error('three');
display('four');
console.info('five', { n: 5 });
process.stderr.write(Buffer.from('six\\n'));
console.warn('seven');`,
  );
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  const sequence = r.events.map((e) => (e.type === 'stream' ? `${e.name}:${e.text.trim()}` : e.type === 'display' ? `display:${itemText(e.items, 'text/plain')}` : e.type));
  assert.deepEqual(sequence, ['stdout:one', 'stdout:two', 'stderr:three', 'display:four', "stdout:five { n: 5 }", 'stderr:six', 'stderr:seven']);
});

test('printed text reaches the client while the cell is still running', async () => {
  // The cell waits for a file that the test writes only once it has seen the cell's first line.
  const flag = join(notebookDir, 'go.flag');
  const events: string[] = [];
  const { result } = kernel.execute(
    `console.log('waiting');
while (!require('node:fs').existsSync(${JSON.stringify(flag)})) await new Promise((r) => setTimeout(r, 20));
console.log('released');`,
    'Cell S',
    (event) => {
      if (event.type !== 'stream') return;
      events.push(event.text.trim());
      if (event.text.includes('waiting')) writeFileSync(flag, '');
    },
  );
  const done = await result;
  assert.equal(done.status, 'ok', done.error?.stack);
  assert.ok(existsSync(flag));
  assert.deepEqual(events, ['waiting', 'released']);
});

test('a runtime error names the cell and the line the user wrote, without kernel frames', async () => {
  const r = await run(
    kernel,
    `interface Point {
  x: number;
  y: number;
}
type Pair = [Point, Point];

function norm(p: Point): number {
  if (p.x < 0) throw new RangeError(\`negative x: \${p.x}\`);
  return Math.hypot(p.x, p.y);
}
norm({ x: -1, y: 0 });`,
    'Cell 4',
  );
  assert.equal(r.result.status, 'error');
  const error = r.result.error!;
  assert.equal(error.name, 'RangeError');
  assert.equal(error.message, 'negative x: -1');
  const frames = error.stack.split('\n').filter((l) => l.trim().startsWith('at '));
  assert.deepEqual(frames.map((f) => f.trim()), ['at norm (Cell 4:8:22)', 'at Cell 4:11:1']);
  assert.doesNotMatch(error.stack, /kernel\.js|node:internal|node:inspector/);
  assert.match(error.stack, /> 8 \|   if \(p\.x < 0\) throw new RangeError/);
  // The error is also the cell's output.
  assert.ok(r.events.some((e) => e.type === 'error'));
});

test('an error thrown in a function from an earlier cell names both cells', async () => {
  await run(kernel, '// helper\nfunction explode(): never {\n  throw new Error("from helper");\n}', 'Cell 10');
  const r = await run(kernel, 'const before = 1;\nexplode();', 'Cell 11');
  const frames = r.result.error!.stack.split('\n').filter((l) => l.trim().startsWith('at ')).map((f) => f.trim());
  assert.deepEqual(frames, ['at explode (Cell 10:3:9)', 'at Cell 11:2:1']);
});

test('an error after an await still maps to the cell', async () => {
  const r = await run(kernel, 'await new Promise((r) => setTimeout(r, 5));\n\nnull!.boom;', 'Cell 12');
  assert.equal(r.result.error!.name, 'TypeError');
  assert.match(r.result.error!.stack, /Cell 12:3:/);
});

test('a syntax error reports the cell line and column', async () => {
  const r = await run(kernel, 'const ok = 1;\nconst broken: number = (1 + ;\n', 'Cell 5');
  assert.equal(r.result.status, 'error');
  assert.equal(r.result.error!.name, 'SyntaxError');
  assert.match(r.result.error!.message, /Cell 5, line 2, column 29/);
  assert.match(r.result.error!.stack, /at Cell 5:2:29/);
  assert.match(r.result.error!.stack, /> 2 \| const broken: number = \(1 \+ ;\n\s+\|\s{29}\^/);
});

test('throwing a non-Error value is reported', async () => {
  const r = await run(kernel, 'throw { code: 7 }');
  assert.equal(r.result.status, 'error');
  assert.equal(r.result.error!.message, '{ code: 7 }');
});

test('errors from callbacks a cell started are reported, and the kernel lives on', async () => {
  const r = await run(kernel, "setTimeout(() => { throw new Error('late') }, 0);\nawait new Promise((r) => setTimeout(r, 50));\n'still here'");
  assert.equal(r.result.status, 'ok');
  assert.match(r.stderr, /uncaught exception.*late/s);
  assert.match(r.stderr, /at Timeout\._onTimeout \(Cell \d+:1:26\)/);
  assert.equal((await run(kernel, '1 + 1')).result.status, 'ok');
});
