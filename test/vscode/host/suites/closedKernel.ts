// A closed notebook's kernel: it runs on for tlnb.shutdownClosedKernelAfterMinutes, so that the
// notebook opened again in time finds its variables, and ends once the notebook has stayed closed
// (no tab shows it) that long; with 0 it ends as soon as the notebook closes. Real kernels, real
// processes.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { serializeNotebook } from '../../../../common/format';
import { test } from '../runner';
import { fileUri, writeText } from './workspaceFiles';

const SETTING = 'shutdownClosedKernelAfterMinutes';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function openNotebook(uri: vscode.Uri): Promise<vscode.NotebookDocument> {
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

/** Runs one cell and returns its text output. */
async function runCell(notebook: vscode.NotebookDocument, index: number): Promise<string> {
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
  const deadline = Date.now() + 60_000;
  while (notebook.cellAt(index).executionSummary?.success === undefined && Date.now() < deadline) await sleep(100);
  assert.equal(notebook.cellAt(index).executionSummary?.success, true, `cell ${index + 1} ran`);
  const item = notebook.cellAt(index).outputs.flatMap((o) => o.items).find((i) => i.mime === 'text/plain');
  return item ? new TextDecoder().decode(item.data) : '';
}

/**
 * Closes every editor: no tab shows the notebook any more (VS Code may keep its document open for
 * minutes). A notebook closed within a second of being shown can get its tab back a moment later
 * (VS Code finishing the open), so this closes again until no tab has shown for a second.
 */
async function closeNotebook(): Promise<void> {
  const deadline = Date.now() + 15_000;
  let emptySince: number | undefined;
  while (Date.now() < deadline) {
    if (vscode.window.tabGroups.all.some((group) => group.tabs.length > 0)) {
      emptySince = undefined;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } else if ((emptySince ??= Date.now()) <= Date.now() - 1000) {
      return;
    }
    await sleep(100);
  }
  assert.fail(`the editors did not stay closed: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')}`);
}

async function waitUntilEnded(pid: number, ms: number): Promise<number> {
  const start = Date.now();
  while (alive(pid) && Date.now() - start < ms) await sleep(100);
  return Date.now() - start;
}

test('a closed notebook\'s kernel runs on for tlnb.shutdownClosedKernelAfterMinutes: opened again in time it keeps its variables, left closed it ends; 0 ends it at once', async () => {
  const config = () => vscode.workspace.getConfiguration('tlnb');
  const uri = fileUri('closed-kernel.tlnb');
  const cell = (source: string) => ({ kind: 'code' as const, language: 'typescript', source, metadata: {}, outputs: [], extra: {} });
  await writeText(uri, serializeNotebook({ metadata: {}, extra: {}, cells: [cell('const kept = 41 + 1;\nprocess.pid'), cell('kept')] }));
  try {
    await config().update(SETTING, 0.1, vscode.ConfigurationTarget.Global); // 6 s
    let notebook = await openNotebook(uri);
    const pid = Number(await runCell(notebook, 0));
    assert.ok(pid > 0 && alive(pid), `the kernel runs (pid ${pid})`);

    await closeNotebook();
    await sleep(1000);
    assert.ok(alive(pid), 'the kernel of a notebook closed 1 s ago still runs');
    notebook = await openNotebook(uri);
    assert.equal(await runCell(notebook, 1), '42', 'opened again in time: the same kernel, its variables kept');

    await closeNotebook(); // returns a second after the close
    await sleep(2000);
    assert.ok(alive(pid), 'the timer started again at the second close: 3 s later the kernel still runs');
    const ended = await waitUntilEnded(pid, 15_000);
    assert.ok(!alive(pid), 'the kernel ended once the notebook had stayed closed 6 s');
    assert.ok(ended >= 1500, `it ended when the time was up, not at the close (${3000 + ended} ms after, roughly)`);

    await config().update(SETTING, 0, vscode.ConfigurationTarget.Global);
    notebook = await openNotebook(uri);
    const second = Number(await runCell(notebook, 0));
    assert.notEqual(second, pid, 'a new kernel');
    await closeNotebook();
    await waitUntilEnded(second, 5000);
    assert.ok(!alive(second), 'with 0 the kernel ends as soon as the notebook closes');
  } finally {
    await config().update(SETTING, undefined, vscode.ConfigurationTarget.Global);
  }
}, 120_000);
