// Starts the real kernel bundle (dist/kernel.js) for tests, building it first when a source is
// newer than the bundle, and collects what an execution sends.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient, type ExecutionEvent, type ExecutionResult } from '../../../common/node/kernelClient';
import type { BackendPreference } from '../../../common/backends';
import type { OutputItem } from '../../../common/protocol';

export const ROOT = join(__dirname, '..', '..', '..');
export const KERNEL_PATH = join(ROOT, 'dist', 'kernel.js');
export const CLI_PATH = join(ROOT, 'bin', 'tlnb.js');

/** Builds dist/ when kernel/, common/, lib/ or cli/ has a file newer than dist/kernel.js. */
export function ensureBuilt(): void {
  const built = statOrUndefined(KERNEL_PATH)?.mtimeMs ?? 0;
  const newest = Math.max(...['kernel', 'common', 'lib', 'cli'].map((dir) => newestMtime(join(ROOT, dir))));
  if (newest > built) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder, removed when the test process exits. */
export function tempDir(prefix = 'tlnb-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * Starts a kernel on the `auto` backend, or on the rung TLNB_TEST_KERNEL_BACKEND pins (the GPU
 * tests run the kernel's tfjs tests again on webgpu that way: test/gpu/webgpuKernel.test.ts); a
 * pinned rung that did not start is an error here, not a cell failure later.
 */
export async function startKernel(notebookDir = tempDir()): Promise<KernelClient> {
  ensureBuilt();
  const pinned = process.env.TLNB_TEST_KERNEL_BACKEND as BackendPreference | undefined;
  const kernel = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: pinned ?? 'auto', notebookDir } });
  if (pinned !== undefined) {
    const message = await kernel.backend;
    if (message.report?.active !== pinned) {
      await kernel.shutdown();
      throw new Error(`the kernel did not start on ${pinned}: ${message.error ?? `it runs ${message.report?.active}`}`);
    }
  }
  return kernel;
}

export interface Run {
  result: ExecutionResult;
  events: ExecutionEvent[];
  /** Text of every stream event, in order. */
  stdout: string;
  stderr: string;
  /** Items of each display (after updates), in order of creation. */
  displays: OutputItem[][];
}

let cellNumber = 0;

export async function run(kernel: KernelClient, code: string, label = `Cell ${++cellNumber}`): Promise<Run> {
  const events: ExecutionEvent[] = [];
  const { result } = kernel.execute(code, label, (event) => events.push(event));
  const finished = await result;
  const displays = new Map<string, OutputItem[]>();
  for (const event of events) {
    if (event.type === 'display' || event.type === 'update-display') displays.set(event.displayId, event.items);
  }
  const text = (name: 'stdout' | 'stderr') => events.map((e) => (e.type === 'stream' && e.name === name ? e.text : '')).join('');
  return { result: finished, events, stdout: text('stdout'), stderr: text('stderr'), displays: [...displays.values()] };
}

/** The text/plain of the run's last display (a cell's value is its last display). */
export function plain(run: Run): string | undefined {
  return itemText(run.displays.at(-1), 'text/plain');
}

export function itemText(items: OutputItem[] | undefined, mime: string): string | undefined {
  const item = items?.find((i) => i.mime === mime);
  return item && 'text' in item ? item.text : undefined;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
