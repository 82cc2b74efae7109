// A kernel that runs out of memory: the running cell ends saying so, and a new kernel starts fresh.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KernelClient } from '../../../common/node/kernelClient';
import { KERNEL_PATH, ensureBuilt, run, tempDir } from './kernelHarness';

test('running out of memory ends the cell with an error that says so; the next kernel works', async () => {
  ensureBuilt();
  const notebookDir = tempDir();
  const small = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'cpu', notebookDir }, env: { NODE_OPTIONS: '--max-old-space-size=48' } });
  const r = await run(small, 'const hoard: number[][] = [];\nwhile (true) hoard.push(new Array(100_000).fill(Math.random()));', 'Cell M');
  assert.equal(r.result.status, 'died');
  assert.match(r.result.error!.message, /The kernel died: .*ran out of memory/);
  assert.match(r.result.error!.message, /the next run starts a fresh kernel/);

  const fresh = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'cpu', notebookDir } });
  try {
    const after = await run(fresh, 'typeof hoard');
    assert.equal(after.result.status, 'ok');
    assert.equal(after.displays.length, 1);
  } finally {
    await fresh.shutdown();
  }
});
