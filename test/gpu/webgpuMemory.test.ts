// The GPU memory figure of the status bar is real (issue 18 item 4): a kernel on the webgpu rung
// reports the bytes of the GPU buffers tfjs-backend-webgpu holds (tf.memory().numBytesAllocatedInGPU),
// which grow by a tensor's size when one is computed on the GPU and stay held (pooled) after dispose.
// And a long training run keeps that figure flat (fixtures/memory-profile.tlnb, which check:gpu runs
// with issue 18's big MLP on a GPU), while a run that leaks a tensor per epoch is caught.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KernelClient } from '../../common/node/kernelClient';
import { memorySummary } from '../../common/memorySummary';
import type { MemoryMessage } from '../../common/protocol';
import { CLI_PATH, ensureBuilt, KERNEL_PATH, run, tempDir } from '../unit/kernel/kernelHarness';
import { gpuTestEnv, gpuUnavailable } from './webgpuEnv';

const skip = gpuUnavailable();

/**
 * Runs a cell, then waits for a memory report that `settled` accepts: reports also come every
 * second while a cell runs, so the first one after the cell may describe a moment inside it.
 */
async function runAndReport(
  kernel: KernelClient,
  code: string,
  settled: (memory: MemoryMessage) => boolean = () => true,
): Promise<{ status: string; events: unknown[]; memory: MemoryMessage }> {
  const previous = kernel.memory;
  const ran = await run(kernel, code);
  const deadline = Date.now() + 10_000;
  while ((kernel.memory === previous || !settled(kernel.memory!)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.notEqual(kernel.memory, previous, 'no memory report after the cell');
  return { status: ran.result.status, events: ran.events, memory: kernel.memory! };
}

test('a kernel on the webgpu rung reports the GPU memory its backend holds', { skip, timeout: 5 * 60_000 }, async () => {
  ensureBuilt();
  const kernel = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'webgpu', notebookDir: tempDir() }, env: gpuTestEnv(), startTimeoutMs: 120_000 });
  try {
    const setup = await runAndReport(kernel, `import * as tf from '@tensorflow/tfjs';\ntf.env().set('WEBGPU_CPU_FORWARD', false);\ntf.getBackend()`);
    assert.equal(setup.status, 'ok', JSON.stringify(setup.events));
    const before = setup.memory;
    assert.equal(before?.backend, 'webgpu');
    assert.equal(typeof before?.gpuBytesHeld, 'number', `no GPU figure in ${JSON.stringify(before)}`);
    // 4 MiB of float32 computed on the GPU: the result lives in a GPU buffer of that size.
    const made = await runAndReport(kernel, `globalThis.big = tf.add(tf.ones([1024, 1024]), 1); await big.data(); big.shape`, (m) => (m.numTensors ?? 0) >= 1);
    assert.equal(made.status, 'ok', JSON.stringify(made.events));
    const after = made.memory;
    const grew = after.gpuBytesHeld! - before!.gpuBytesHeld!;
    assert.ok(grew >= 4 * 2 ** 20, `GPU memory held grew by ${grew} bytes, not by the 4 MiB tensor`);
    assert.ok(after.gpuBytesInUse! >= 4 * 2 ** 20, `GPU bytes in use ${after.gpuBytesInUse}`);
    assert.match(memorySummary(after).text, /GPU \d+\.\d MB/);
    const freed = await runAndReport(kernel, `big.dispose(); tf.memory().numBytesInGPU`, (m) => (m.numTensors ?? 0) < made.memory.numTensors!);
    assert.equal(freed.status, 'ok');
    assert.ok(freed.memory.gpuBytesInUse! <= after.gpuBytesInUse! - 4 * 2 ** 20, 'disposing the tensor did not free its GPU buffer');
    assert.ok(freed.memory.gpuBytesHeld! >= after.gpuBytesInUse!, 'the pooled buffer no longer counts as held');
  } finally {
    await kernel.shutdown();
  }
});

/** Runs a copy of fixtures/memory-profile.tlnb (its cells' sources passed through `edit`) with a model small enough for SwiftShader. */
function runProfile(edit: (source: string) => string = (source) => source): { status: number | null; output: string } {
  const copy = join(tempDir('tlnb-gpu-memory-'), 'memory-profile.tlnb');
  writeFileSync(copy, edit(readFileSync(join(__dirname, 'fixtures', 'memory-profile.tlnb'), 'utf8')));
  const env = { ...process.env, ...gpuTestEnv(), TLNB_MEMORY_PROFILE_UNITS: '128', TLNB_MEMORY_PROFILE_BATCH: '32' };
  const ran = spawnSync(process.execPath, [CLI_PATH, 'run', copy, '--backend', 'webgpu'], { encoding: 'utf8', timeout: 8 * 60_000, env });
  return { status: ran.status, output: `${ran.stdout}${ran.stderr}${readFileSync(copy, 'utf8')}` };
}

test('training for 20 epochs keeps a flat GPU memory profile, and a tensor leaked per epoch is caught', { skip, timeout: 15 * 60_000 }, () => {
  ensureBuilt();
  const flat = runProfile();
  assert.equal(flat.status, 0, flat.output.slice(-3000));
  assert.match(flat.output, /^backend: webgpu/m);
  assert.match(flat.output, /flat: \d+ tensors and [\d.]+ KiB in use from epoch 2 to 20; [\d.]+ KiB held from epoch 10 on/);
  // The same notebook with one tensor kept per epoch: the claim cell must fail and say what grew.
  const leaky = runProfile((source) => source.replace('profile.push(snapshot(epoch + 1));', 'tf.ones([64]); profile.push(snapshot(epoch + 1));'));
  assert.notEqual(leaky.status, 0, 'a tensor leaked per epoch went unnoticed');
  assert.match(leaky.output, /GPU memory grew: tensors \d+ after epoch 2, \d+ after epoch 3/);
});
