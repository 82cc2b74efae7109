// How a kernel ends, through the KernelClient that both `tlnb run` and the VS Code extension use:
// a restart (shutdown) ends the processes its cells started, and a SIGKILL that tlnb did not send is
// reported with what is known (the signal, memory at the last report), not guessed to be memory.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { KernelClient } from '../../../common/node/kernelClient';
import { KERNEL_PATH, ensureBuilt, run, tempDir } from './kernelHarness';

/** Running, not merely a zombie waiting for init to collect its exit status. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

test('shutting a kernel down (as a restart does) ends the processes its cells started', { skip: process.platform === 'win32' }, async () => {
  ensureBuilt();
  const kernel = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'cpu', notebookDir: tempDir() } });
  const pids: number[] = [];
  try {
    const r = await run(kernel, "import { spawn } from 'node:child_process';\nconst a = spawn('sleep', ['300'], { stdio: 'inherit' });\nconst b = spawn('sh', ['-c', 'sleep 300 & wait'], { stdio: 'ignore' });\nconsole.log(a.pid, b.pid);");
    assert.equal(r.result.status, 'ok', r.stderr);
    pids.push(...r.stdout.trim().split(' ').map(Number));
    assert.equal(pids.length, 2);
    assert.ok(pids.every(alive), 'the children run while the kernel does');
    const exit = await kernel.shutdown();
    assert.equal(exit.expected, true);
    assert.deepEqual(pids.filter(alive), [], 'no child outlives the kernel');
  } finally {
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    await kernel.shutdown();
  }
});

test('a SIGKILL tlnb did not send is reported with the signal and the last memory figures, not as running out of memory', async () => {
  ensureBuilt();
  const kernel = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'cpu', notebookDir: tempDir() } });
  assert.equal((await run(kernel, '1 + 1')).result.status, 'ok'); // the end of a cell sends a memory report
  assert.ok(kernel.memory?.heapLimitBytes, 'memory reports carry the heap limit');
  const { result } = kernel.execute('await new Promise((resolve) => setTimeout(resolve, 60_000));', 'Cell K');
  process.kill(kernel.pid, 'SIGKILL');
  const r = await result;
  assert.equal(r.status, 'died');
  assert.match(r.error!.message, /The kernel died: it was killed by SIGKILL: tlnb did not send it \(another process or the system did\)/);
  assert.match(r.error!.message, /at the last memory report \(\d+ s before\) it used \d+ MB of the machine's \d+ MB with \d+ MB of its \d+ MB JavaScript heap: not near a limit/);
  assert.doesNotMatch(r.error!.message, /may have killed it for using too much memory/);
});
