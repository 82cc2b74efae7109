// Restricted Mode, in a real extension host whose workspace is NOT trusted (run by
// test/vscode/restrictedMode.e2e.test.ts, which plants a @tensorflow/tfjs-node in the workspace's
// node_modules that writes a marker file when required). The commands are invoked through
// executeCommand, which skips the menus' `isWorkspaceTrusted` gating: what is tested is the gate
// in the kernel start itself. Registered only for that run (extension.ts picks the suites).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../runner';
import { fileUri } from './workspaceFiles';

export const RESTRICTED_PREFIX = 'Restricted Mode: ';

/** Command lines of every process on this machine that runs tlnb's kernel bundle. */
function kernelProcesses(): string[] {
  const extension = vscode.extensions.getExtension('tlnb.tlnb')!;
  const bundle = join(extension.extensionPath, 'dist', 'kernel.js');
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (args.includes(bundle)) found.push(`${pid}: ${args.slice(0, 200)}`);
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits long enough for a kernel (and its tfjs-node probe) to have started, had one been started. */
async function assertNothingStarted(what: string): Promise<void> {
  const marker = process.env.TLNB_HOST_TESTS_MARKER ?? '';
  assert.ok(marker, 'TLNB_HOST_TESTS_MARKER names the planted package\'s marker file');
  for (let i = 0; i < 20; i++) {
    assert.deepEqual(kernelProcesses(), [], `${what}: no tlnb kernel process runs`);
    assert.equal(existsSync(marker), false, `${what}: the package planted in the workspace's node_modules was required (${marker} exists)`);
    await sleep(250);
  }
}

async function openPlanted(): Promise<vscode.NotebookDocument> {
  const notebook = await vscode.workspace.openNotebookDocument(fileUri('planted.tlnb'));
  await vscode.window.showNotebookDocument(notebook);
  assert.equal(vscode.window.activeNotebookEditor?.notebook.notebookType, 'tlnb');
  return notebook;
}

function restrictedTest(name: string, body: () => Promise<void>, timeoutMs = 30_000): void {
  test(`${RESTRICTED_PREFIX}${name}`, body, timeoutMs);
}

restrictedTest('the window is untrusted and tlnb is active', async () => {
  assert.equal(vscode.workspace.isTrusted, false, 'the workspace is in Restricted Mode');
  const extension = vscode.extensions.getExtension('tlnb.tlnb');
  assert.ok(extension, 'tlnb is installed');
  await extension.activate();
  // The outer test waits for this file before it starts recording notifications, then answers.
  const go = process.env.TLNB_HOST_TESTS_GO ?? '';
  const deadline = Date.now() + 120_000;
  while (go && !existsSync(go) && Date.now() < deadline) await sleep(200);
}, 150_000);

restrictedTest('Restart Kernel starts no kernel and loads nothing from the workspace', async () => {
  await openPlanted();
  await vscode.commands.executeCommand('tlnb.restartKernel');
  await assertNothingStarted('Restart Kernel');
});

restrictedTest('Restart Kernel and Run All starts no kernel, and does not go on to Run All', async () => {
  const notebook = await openPlanted();
  // Were Run All reached, VS Code's modal trust dialog would hold this call (and the test would time out).
  await vscode.commands.executeCommand('tlnb.restartKernelAndRunAll');
  await assertNothingStarted('Restart Kernel and Run All');
  assert.equal(notebook.cellAt(0).executionSummary?.success, undefined, 'no cell ran');
});

restrictedTest('Fine-tune is refused and starts no process', async () => {
  const result = await vscode.commands.executeCommand<{ status: string; error?: string }>('tlnb.finetune', { model: fileUri('model.json').fsPath, data: fileUri('data').fsPath });
  assert.equal(result?.status, 'refused');
  await assertNothingStarted('Fine-tune');
});
