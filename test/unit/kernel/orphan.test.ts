// A kernel whose parent (VS Code's extension host, `tlnb run`) dies ends by itself, idle or while a
// cell blocks its main thread; the time it took is printed (a figure, not a pass/fail bound).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { watchParent } from '../../../kernel/interrupt/parentWatch';
import { ensureBuilt } from './kernelHarness';

/** Alive and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Starts orphanParent.ts, which starts a kernel running `cell`; resolves with both pids. */
async function parentWithKernel(cell: string): Promise<{ parent: ReturnType<typeof spawn>; kernelPid: number }> {
  const parent = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'orphanParent.ts'), cell], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const kernelPid = await new Promise<number>((resolve, reject) => {
    parent.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    parent.on('exit', (code) => reject(new Error(`the parent exited (${code}) before starting a kernel`)));
  });
  return { parent, kernelPid };
}

/** Kills the parent as the system would kill a crashed extension host; resolves with how long the kernel outlived it. */
async function orphanAndWait(cell: string, limitMs = 60_000): Promise<number> {
  const { parent, kernelPid } = await parentWithKernel(cell);
  assert.ok(alive(kernelPid), 'the kernel runs');
  const killedAt = Date.now();
  parent.kill('SIGKILL');
  while (alive(kernelPid) && Date.now() - killedAt < limitMs) await new Promise((resolve) => setTimeout(resolve, 50));
  const lived = Date.now() - killedAt;
  if (alive(kernelPid)) {
    process.kill(kernelPid, 'SIGKILL');
    assert.fail(`the kernel ${kernelPid} still ran ${limitMs / 1000} s after its parent was killed`);
  }
  return lived;
}

test('an idle kernel ends when its parent is killed', async (t) => {
  ensureBuilt();
  const ms = await orphanAndWait('');
  t.diagnostic(`idle kernel ended ${ms} ms after its parent was killed`);
});

test('a kernel whose cell blocks its main thread (while (true) {}) ends when its parent is killed', async (t) => {
  ensureBuilt();
  const ms = await orphanAndWait("console.log('spinning');\nwhile (true) {}");
  t.diagnostic(`blocked kernel ended ${ms} ms after its parent was killed`);
});

test('the parent watch kills only once the parent has changed, after the grace period', async () => {
  let parent = 100;
  const kills: number[] = [];
  const start = Date.now();
  const stop = watchParent({ parentPid: 100, intervalMs: 10, graceMs: 30, currentParent: () => parent, kill: () => kills.push(Date.now() - start) });
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(kills, [], 'the same parent: nothing happens');
    parent = 1;
    const deadline = Date.now() + 5000;
    while (kills.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(kills.length, 1, 'killed once the parent changed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(kills.length, 1, 'and only once');
  } finally {
    stop();
  }
});
