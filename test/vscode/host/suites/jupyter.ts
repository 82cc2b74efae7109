// Jupyter interchange in VS Code: the export commands write next to the notebook (what the editor
// holds, unsaved edits included) and the import command writes a new .tlnb, never over one.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../runner';
import { readText } from './workspaceFiles';

const SAMPLE = '01-neurons-and-layers.tlnb';

test('"Export as Jupyter Notebook…" and "Export as HTML…" write beside the notebook; "Import Jupyter Notebook…" brings it back as a new file', async () => {
  const notebookUri = await vscode.commands.executeCommand<vscode.Uri>('tlnb.openSample', SAMPLE);
  const ipynbUri = vscode.Uri.joinPath(notebookUri, '..', '01-neurons-and-layers.ipynb');
  const htmlUri = vscode.Uri.joinPath(notebookUri, '..', '01-neurons-and-layers.html');
  for (const uri of [ipynbUri, htmlUri]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  const notebook = vscode.window.activeNotebookEditor!.notebook;

  const exported = await vscode.commands.executeCommand<vscode.Uri>('tlnb.exportIpynb');
  assert.equal(exported?.toString(), ipynbUri.toString());
  const ipynb = JSON.parse(await readText(ipynbUri)) as { nbformat: number; nbformat_minor: number; metadata: { kernelspec: { name: string } }; cells: unknown[] };
  assert.deepEqual([ipynb.nbformat, ipynb.nbformat_minor, ipynb.metadata.kernelspec.name, ipynb.cells.length], [4, 5, 'tslab', notebook.cellCount]);

  const html = await vscode.commands.executeCommand<vscode.Uri>('tlnb.exportHtml', { notebookEditor: { notebookUri } });
  assert.equal(html?.toString(), htmlUri.toString());
  assert.match(await readText(htmlUri), /^<!doctype html>[\s\S]*<script type="application\/json" id="tlnb-notebook">/);

  const imported = await vscode.commands.executeCommand<vscode.Uri>('tlnb.importIpynb', ipynbUri);
  assert.match(imported!.path, /\/01-neurons-and-layers-2\.tlnb$/, 'the notebook that exists is not replaced');
  assert.equal(await readText(imported!), await readText(notebookUri));
  assert.equal(vscode.window.activeNotebookEditor?.notebook.uri.toString(), imported!.toString());
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});
