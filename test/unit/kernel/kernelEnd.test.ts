// How a kernel ends, through the KernelClient that both `tlnb run` and the VS Code extension use:
// a restart (shutdown) ends the processes its cells started, and a SIGKILL that tlnb did not send is
// reported with what is known (the signal, memory at the last report), not guessed to be memory;
// a kernel whose client vanished ends its process group itself.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KernelClient } from '../../../common/node/kernelClient';
import { KERNEL_PATH, ROOT, ensureBuilt, run, tempDir } from './kernelHarness';

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

test('when its client disappears without a shutdown, the kernel ends the processes its cells started', { skip: process.platform === 'win32' }, async () => {
  ensureBuilt();
  // A client in another process that starts a kernel, has a cell start a child, prints the pids and dies by SIGKILL.
  const script = [
    `const { KernelClient } = require(${JSON.stringify(join(ROOT, 'common', 'node', 'kernelClient.ts'))});`,
    '(async () => {',
    `  const kernel = await KernelClient.start({ kernelPath: ${JSON.stringify(KERNEL_PATH)}, launch: { backend: 'cpu', notebookDir: ${JSON.stringify(tempDir())} } });`,
    "  const { result } = kernel.execute(\"import { spawn } from 'node:child_process';\\nconsole.log('child pid', spawn('sleep', ['300'], { stdio: 'ignore' }).pid);\", 'Cell 1', (e) => { if (e.type === 'stream') process.stdout.write(e.text); });",
    '  await result;',
    "  console.log('kernel pid', kernel.pid);",
    "  process.kill(process.pid, 'SIGKILL');",
    '})();',
  ].join('\n');
  const client = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const child = Number(/child pid (\d+)/.exec(client.stdout)?.[1]);
  const kernel = Number(/kernel pid (\d+)/.exec(client.stdout)?.[1]);
  assert.ok(child > 0 && kernel > 0, `the client printed the pids: ${client.stdout}${client.stderr}`);
  try {
    const deadline = Date.now() + 30_000;
    while ((alive(child) || alive(kernel)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(alive(kernel), false, 'the kernel exited');
    assert.equal(alive(child), false, 'the child a cell started ended with it');
  } finally {
    for (const pid of [child, kernel].filter(alive)) process.kill(pid, 'SIGKILL');
  }
});
