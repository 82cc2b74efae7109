// The status bar's memory figures (issue 18 item 4): what the kernel reports from tf.memory() and
// how the status bar words it. On a backend that reports GPU memory the figure shown is the GPU
// memory the backend holds; elsewhere the tensors' own bytes. The real webgpu figures, through a
// real kernel, are tested in test/gpu/webgpuMemory.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { memorySummary } from '../../../common/memorySummary';
import type { MemoryMessage } from '../../../common/protocol';
import { backendMemory } from '../../../kernel/backendMemory';

const process = { rssBytes: 200 * 2 ** 20, heapUsedBytes: 50 * 2 ** 20 };

test('on the cpu backend the kernel reports live tensors and their bytes, and no GPU figure', async () => {
  await tf.setBackend('cpu');
  const before = backendMemory(tf);
  const x = tf.zeros([1000]);
  const after = backendMemory(tf);
  assert.equal(after.backend, 'cpu');
  assert.equal(after.numTensors! - before.numTensors!, 1);
  assert.equal(after.tensorBytes! - before.tensorBytes!, 4000);
  assert.equal(after.gpuBytesHeld, undefined);
  assert.equal(after.gpuBytesInUse, undefined);
  x.dispose();
});

test('the status bar shows the GPU memory the backend holds when the kernel reports it', () => {
  const memory: MemoryMessage = { type: 'memory', backend: 'webgpu', numTensors: 12, tensorBytes: 4 * 2 ** 20, gpuBytesHeld: 48 * 2 ** 20, gpuBytesInUse: 16 * 2 ** 20, ...process };
  const summary = memorySummary(memory);
  assert.equal(summary.text, ' · 12 tensors · GPU 48.0 MB');
  assert.match(summary.tooltip, /GPU memory held by the webgpu backend: 48\.0 MB \(16\.0 MB in buffers in use, the rest pooled for reuse\)/);
  assert.match(summary.tooltip, /Live tensors: 12, 4\.0 MB of values/);
  assert.match(summary.tooltip, /Kernel process: 200\.0 MB resident, 50\.0 MB JavaScript heap/);
});

test('without a GPU figure the status bar shows the tensors\' bytes, and nothing about a GPU', () => {
  const summary = memorySummary({ type: 'memory', backend: 'wasm', numTensors: 3, tensorBytes: 2 ** 20, ...process });
  assert.equal(summary.text, ' · 3 tensors · 1.0 MB');
  assert.doesNotMatch(summary.tooltip, /GPU/);
  assert.deepEqual(memorySummary(undefined), { text: '', tooltip: '' });
  // tfjs not loaded yet: only the process figures.
  assert.equal(memorySummary({ type: 'memory', ...process }).text, '');
});
