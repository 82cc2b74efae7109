// `tlnb run` on real notebooks: outputs written back, progress printed, the first failure stops
// the run with a non-zero exit and the error printed with its cell.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook, serializeNotebook, type CellFile, type NotebookFile } from '../../../common/format';
import { linuxGpuDevices } from '../../../lib/backends/sharedLibrary';
import { CLI_PATH, ensureBuilt, tempDir } from './kernelHarness';

const code = (source: string): CellFile => ({ kind: 'code', language: 'typescript', source, metadata: {}, outputs: [], extra: {} });
const markdown = (source: string): CellFile => ({ kind: 'markdown', language: 'markdown', source, metadata: {}, outputs: [], extra: {} });
const text = (data: Uint8Array) => new TextDecoder().decode(data);

function writeNotebook(dir: string, cells: CellFile[]): string {
  const path = join(dir, 'nb.tlnb');
  const notebook: NotebookFile = { metadata: { keep: 'me' }, cells, extra: {} };
  writeFileSync(path, serializeNotebook(notebook));
  return path;
}

function tlnb(...args: string[]) {
  ensureBuilt();
  return spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', timeout: 120_000 });
}

test('tlnb run executes every cell in one kernel and writes the outputs into the notebook', () => {
  const dir = tempDir();
  const path = writeNotebook(dir, [
    markdown('# Title'),
    code("import * as tf from '@tensorflow/tfjs';\nconst t = tf.tensor([1, 2, 3]);\nconsole.log('sum', t.sum().dataSync()[0]);"),
    code('t.shape'),
  ]);
  const result = tlnb('run', path);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /backend: wasm/);
  assert.match(result.stdout, /\[1\/2\] Cell 2 ok \(\d+ ms, \+\d+ tensors\)/);
  assert.match(result.stdout, /\[2\/2\] Cell 3 ok/);

  const saved = parseNotebook(readFileSync(path, 'utf8'));
  assert.deepEqual(saved.metadata, { keep: 'me' });
  const [, first, second] = saved.cells;
  assert.deepEqual(first!.outputs.map((o) => o.items.map((i) => [i.mime, text(i.data)])), [[['application/vnd.code.notebook.stdout', 'sum 6\n']]]);
  assert.equal(text(second!.outputs[0]!.items[0]!.data), '[ 3 ]');
  assert.equal(first!.execution?.order, 1);
  assert.equal(second!.execution?.order, 2);
  assert.equal(second!.execution?.success, true);
  assert.deepEqual(readdirSync(dir), ['nb.tlnb'], 'no temporary file left behind');
});

test('tlnb run stops at the first failing cell, prints its error and exits 1', () => {
  const dir = tempDir();
  const path = writeNotebook(dir, [code('const a = 1;'), code('const b: number = 2;\nundefinedFunction(b);'), code("console.log('never');")]);
  const out = join(dir, 'out.tlnb');
  const result = tlnb('run', path, '--out', out);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /\[2\/3\] Cell 2 error/);
  assert.doesNotMatch(result.stdout, /\[3\/3\]/);
  assert.match(result.stderr, /Cell 2 failed:\nReferenceError: undefinedFunction is not defined\n\s+at Cell 2:2:1/);

  const saved = parseNotebook(readFileSync(out, 'utf8'));
  const error = JSON.parse(text(saved.cells[1]!.outputs[0]!.items[0]!.data)) as { name: string; message: string };
  assert.equal(saved.cells[1]!.outputs[0]!.items[0]!.mime, 'application/vnd.code.notebook.error');
  assert.equal(error.name, 'ReferenceError');
  assert.equal(saved.cells[1]!.execution?.success, false);
  assert.equal(saved.cells[2]!.outputs.length, 0);
  assert.equal(saved.cells[2]!.execution, undefined);
  // --out leaves the original untouched.
  assert.equal(parseNotebook(readFileSync(path, 'utf8')).cells[1]!.outputs.length, 0);
});

test('tlnb run --timeout interrupts a cell that runs too long', () => {
  const dir = tempDir();
  const path = writeNotebook(dir, [code('while (true) {}')]);
  const result = tlnb('run', path, '--timeout', '0.5');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Cell 1 after the 0\.5 s timeout failed:\nInterrupted/);
});

test('tlnb reports usage errors and unreadable notebooks with exit 2, without touching the file', () => {
  assert.equal(tlnb('frobnicate').status, 2);
  assert.match(tlnb('run', 'x.tlnb', '--backend', 'quantum').stderr, /--backend must be auto or one of/);
  const dir = tempDir();
  const path = join(dir, 'bad.tlnb');
  writeFileSync(path, '{ "tlnb": 1, "cells": [ }');
  const result = tlnb('run', path);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read .*bad\.tlnb: line 1, column 25/);
  assert.equal(readFileSync(path, 'utf8'), '{ "tlnb": 1, "cells": [ }');
});

test('tlnb doctor names the backend that runs here and why each faster one did not start', () => {
  const result = tlnb('doctor', '--folder', tempDir());
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /TensorFlow\.js backend: (wasm|cpu|webgpu|tensorflow|tensorflow-gpu) — /);
  // On a machine without tfjs-node-gpu, its rung is skipped with what to install.
  if (!/backend: tensorflow-gpu/.test(result.stdout)) assert.match(result.stdout, /tensorflow-gpu\s+\S.*(not installed|CUDA|libcudart)/);
  assert.match(result.stdout, /docs\/backends\.md/);
});

test('tlnb doctor and tlnb run print nothing raw on stderr on a machine without a GPU device node (no Dawn warnings)', { skip: process.platform !== 'linux' || linuxGpuDevices().length > 0 ? 'needs Linux without GPU device nodes' : false }, () => {
  const env = { ...process.env };
  delete env.TLNB_WEBGPU_ALLOW_SOFTWARE;
  ensureBuilt();
  const doctor = spawnSync(process.execPath, [CLI_PATH, 'doctor', '--folder', tempDir()], { encoding: 'utf8', timeout: 120_000, env });
  assert.equal(doctor.status, 0, doctor.stderr);
  assert.equal(doctor.stderr, '', 'Dawn\'s "Vulkan shaderUniform*ArrayDynamicIndexing required" and libwayland\'s XDG_RUNTIME_DIR lines stay off stderr');
  assert.match(doctor.stdout, /webgpu\s+no WebGPU adapter — no GPU device node .*Dawn was not started/);
  const path = writeNotebook(tempDir(), [code('1 + 1')]);
  const run = spawnSync(process.execPath, [CLI_PATH, 'run', path], { encoding: 'utf8', timeout: 120_000, env });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
});

test('tlnb sample-data writes the thick-pen digits into a new folder and refuses an existing one', () => {
  const parent = tempDir();
  const folder = join(parent, 'digits');
  const written = tlnb('sample-data', '--out', folder, '--count', '20');
  assert.equal(written.status, 0, written.stderr);
  assert.match(written.stdout, /^wrote 20 thick-pen digits \(0: \d+, 1: \d+.*\) into .*digits\n$/);
  assert.equal(readdirSync(folder).flatMap((digit) => readdirSync(join(folder, digit))).length, 20);
  const again = tlnb('sample-data', '--out', folder);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /^tlnb sample-data: .*digits already exists; .*nothing of yours is overwritten/);
  assert.equal(tlnb('sample-data', '--count', 'many').status, 2);
});

test('a pinned backend that cannot start is an error with its reason, not a silent fallback', () => {
  const result = tlnb('doctor', '--backend', 'tensorflow-gpu', '--folder', tempDir());
  if (/TensorFlow\.js backend: tensorflow-gpu/.test(result.stdout)) return; // a machine with a working CUDA rung
  assert.equal(result.status, 1);
  assert.match(result.stdout, /"tensorflow-gpu" backend is pinned .* but cannot start: /);
  assert.doesNotMatch(result.stdout, /TensorFlow\.js backend: (wasm|cpu)/);
});
