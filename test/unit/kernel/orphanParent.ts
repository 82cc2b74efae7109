// A stand-in for VS Code's extension host in orphan.test.ts: starts a kernel, runs `cell` in it
// (without waiting for it to end), prints the kernel's pid and stays alive until it is killed.

import { KernelClient } from '../../../common/node/kernelClient';
import { KERNEL_PATH, ensureBuilt, tempDir } from './kernelHarness';

void (async () => {
  ensureBuilt();
  const cell = process.argv[2] ?? '';
  const kernel = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'cpu', notebookDir: tempDir() } });
  if (cell) {
    let started = false;
    kernel.execute(cell, 'Cell 1', () => (started = true));
    // The cell says when it runs (its first line prints), so the kernel is busy when this prints its pid.
    while (!started) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stdout.write(`${kernel.pid}\n`);
  setInterval(() => {}, 60_000);
})();
