// "Fine-tune Model…" from a model held in a variable of a running notebook kernel: a notebook's
// cell defines a small model in a real kernel, the command has the kernel save it into the
// workspace and fine-tunes from that copy; a kernel busy with a cell is refused with what to do.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { writeDigitFolder } from '../../../fixtures/digitFolder';
import { kernelModelNotebook } from '../../../fixtures/kernelModelNotebook';
import { test } from '../runner';
import { fileUri, readText, writeText } from './workspaceFiles';

interface FinetuneCommandResult {
  status: string;
  outDir?: string;
  reportFile?: string;
  error?: string;
}

async function names(uri: vscode.Uri): Promise<string[]> {
  return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name).sort();
}

async function openModelNotebook(): Promise<vscode.NotebookDocument> {
  const uri = fileUri('kernel-model.tlnb');
  await writeText(uri, kernelModelNotebook());
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

/** Runs one cell through the tlnb controller; resolves when its execution has ended. */
async function runCell(notebook: vscode.NotebookDocument, index: number): Promise<void> {
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
  const deadline = Date.now() + 60_000;
  while (notebook.cellAt(index).executionSummary?.success === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

test('fine-tunes a model held in a notebook variable of a running kernel: saved to a fresh folder beside the notebook, trained, reported', async () => {
  const data = fileUri('kernel-digits');
  writeDigitFolder(data.fsPath, { mnistDir: process.env.TLNB_HOST_TESTS_MNIST_DIR ?? '', digits: [0, 1], perClass: 12 });
  // A folder of the name the kernel would take first: it must be left alone.
  const squatter = fileUri('kernel-model-net-model');
  await writeText(vscode.Uri.joinPath(squatter, 'keep.txt'), 'not a model');
  const notebook = await openModelNotebook();
  await runCell(notebook, 0);
  assert.equal(notebook.cellAt(0).executionSummary?.success, true, 'the cell that defines the model ran');

  const result = await vscode.commands.executeCommand<FinetuneCommandResult>('tlnb.finetune', {
    model: { notebook: notebook.uri.toString(), variable: 'net' },
    data: data.fsPath,
    settings: { epochs: 2 },
  });

  assert.equal(result?.status, 'done', result?.error);
  assert.deepEqual(await names(squatter), ['keep.txt'], 'the existing folder is untouched');
  const saved = fileUri('kernel-model-net-model-2');
  assert.deepEqual(await names(saved), ['model.json', 'weights.bin']);
  const base = JSON.parse(await readText(vscode.Uri.joinPath(saved, 'model.json'))) as { modelTopology: { config: { name: string; layers: Array<{ config: { units?: number } }> } } };
  assert.equal(base.modelTopology.config.name, 'tiny_digits');
  assert.equal(base.modelTopology.config.layers.at(-1)?.config.units, 3, 'the saved base model is the variable\'s model, unchanged');

  assert.equal(result.outDir, `${data.fsPath}-finetuned-1`);
  const trained = JSON.parse(await readText(vscode.Uri.joinPath(vscode.Uri.file(result.outDir!), 'model.json'))) as typeof base;
  assert.equal(trained.modelTopology.config.layers.at(-1)?.config.units, 2, 'a new output layer for the 2 classes');
  const report = await readText(vscode.Uri.file(result.reportFile!));
  assert.match(report, /kernel-model-net-model-2\/model\.json/, 'the report starts from the saved copy in the workspace');
  assert.equal(vscode.window.activeNotebookEditor?.notebook.uri.fsPath, result.reportFile);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}, 120_000);

test('a kernel busy with a cell is refused at once with what to do, and nothing is saved', async () => {
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.path.endsWith('/kernel-model.tlnb'));
  assert.ok(notebook, 'the notebook of the previous test is open');
  const running = runCell(notebook, 1);
  const deadline = Date.now() + 10_000;
  while (notebook.cellAt(1).executionSummary?.executionOrder === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  const result = await vscode.commands.executeCommand<FinetuneCommandResult>('tlnb.finetune', {
    model: { notebook: notebook.uri.toString(), variable: 'net' },
    data: fileUri('kernel-digits').fsPath,
    settings: { epochs: 1 },
  });
  assert.equal(result?.status, 'failed');
  assert.match(result.error ?? '', /^The kernel of kernel-model\.tlnb is running a cell \(Cell 2\); wait for it to finish or interrupt it/);
  await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(fileUri('kernel-model-net-model-3'))), 'no second copy');
  await running;
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}, 60_000);
