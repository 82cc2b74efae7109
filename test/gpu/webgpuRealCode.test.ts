// A notebook of ordinary TensorFlow.js code (fixtures/real-tfjs.tlnb: dataSync, arraySync,
// bufferSync, print and toString in cells, in sync and async functions called from other cells,
// inside tf.tidy and tf.data, after awaits, and through the `tlnb` library) runs with `tlnb run` on
// the webgpu rung and on cpu; every cell must succeed on both and print the same values (numbers
// within 1e-3, relative, or 1e-4 absolute: a few SGD steps on float32 GPUs drift that little).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook } from '../../common/format';
import { CLI_PATH, ensureBuilt, tempDir } from '../unit/kernel/kernelHarness';
import { gpuTestEnv, gpuUnavailable } from './webgpuEnv';

const skip = gpuUnavailable();
const FIXTURE = join(__dirname, 'fixtures', 'real-tfjs.tlnb');
const NUMBER = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;
/** What each cell showed as text: its printed lines, results and markdown. The GPU announcement is left out (cpu has none). */
const TEXT_MIMES = new Set<string>(['application/vnd.code.notebook.stdout', 'application/vnd.code.notebook.stderr', 'text/plain', 'text/markdown']);

function runOn(backend: string, env: Record<string, string>): { status: number | null; output: string; cells: string[][] } {
  const out = join(tempDir('tlnb-gpu-real-'), `on-${backend}.tlnb`);
  const run = spawnSync(process.execPath, [CLI_PATH, 'run', FIXTURE, '--out', out, '--backend', backend], { encoding: 'utf8', timeout: 10 * 60_000, env: { ...process.env, ...env } });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) return { status: run.status, output, cells: [] };
  const notebook = parseNotebook(readFileSync(out, 'utf8'));
  const cells = notebook.cells
    .filter((cell) => cell.kind === 'code')
    .map((cell) => {
      assert.equal(cell.execution?.success, true, `a cell failed on ${backend}:\n${cell.source}`);
      return cell.outputs.flatMap((o) => o.items.filter((i) => TEXT_MIMES.has(i.mime)).map((i) => new TextDecoder().decode(i.data))).filter((t) => !t.startsWith('Training runs on the GPU'));
    });
  return { status: run.status, output, cells };
}

function assertSameText(actual: string, expected: string, where: string): void {
  // print() pads columns to the widest number, so spacing may differ where digits do.
  const shape = (text: string) => text.replace(NUMBER, '#').replace(/ +/g, ' ');
  assert.equal(shape(actual), shape(expected), `${where}: the printed text differs`);
  const a = actual.match(NUMBER) ?? [];
  const e = expected.match(NUMBER) ?? [];
  e.forEach((value, i) => {
    const x = Number(a[i]);
    const y = Number(value);
    assert.ok(Math.abs(x - y) <= 1e-4 + 1e-3 * Math.abs(y), `${where}: number ${i + 1} is ${x} on webgpu, ${y} on cpu\n${actual}`);
  });
}

test('real TensorFlow.js code reads tensors synchronously on the webgpu rung and prints what cpu prints', { skip, timeout: 15 * 60_000 }, () => {
  ensureBuilt();
  const gpu = runOn('webgpu', gpuTestEnv());
  assert.equal(gpu.status, 0, gpu.output.slice(-4000));
  assert.match(gpu.output, /^backend: webgpu/m, 'the run was not on the webgpu rung');
  const cpu = runOn('cpu', {});
  assert.equal(cpu.status, 0, cpu.output.slice(-4000));
  assert.equal(gpu.cells.length, cpu.cells.length);
  cpu.cells.forEach((texts, c) => {
    assert.equal(gpu.cells[c]!.length, texts.length, `code cell ${c + 1}: ${gpu.cells[c]!.length} text outputs on webgpu, ${texts.length} on cpu`);
    texts.forEach((text, i) => assertSameText(gpu.cells[c]![i]!, text, `code cell ${c + 1}, output ${i + 1}`));
  });
  const printed = cpu.cells.flat().join('\n');
  for (const expected of ['dataSync [ 1, 4, 9, 16, 25, 36 ]', 'arraySync [[14,32],[32,77]]', 'bufferSync 403.429', 'tidy 6', 'sums [ 5, 50, 0.25 ]', 'final loss', 'accuracy', 'copied 0']) {
    assert.ok(printed.includes(expected), `the fixture printed "${expected}"`);
  }
});
