// Commands the extension contributes: each is registered, and each does what it says.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../runner';

test('every contributed command is registered (no command without a handler)', async () => {
  const extension = vscode.extensions.getExtension('tlnb.tlnb');
  assert.ok(extension, 'tlnb is installed');
  await extension.activate();
  const contributed: Array<{ command: string }> = extension.packageJSON.contributes.commands;
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
  assert.deepEqual(missing, []);
});

test('"New tlnb Notebook" opens an untitled tlnb notebook with starter cells', async () => {
  await vscode.commands.executeCommand('tlnb.newNotebook');
  const editor = vscode.window.activeNotebookEditor;
  assert.ok(editor, 'a notebook editor is active');
  assert.equal(editor.notebook.notebookType, 'tlnb');
  assert.ok(editor.notebook.isUntitled);
  assert.ok(editor.notebook.cellCount >= 2);
  assert.match(editor.notebook.cellAt(1).document.getText(), /@tensorflow\/tfjs/);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('"Open Sample…" opens a copy in the workspace and leaves the shipped sample alone', async () => {
  const target = await vscode.commands.executeCommand<vscode.Uri>('tlnb.openSample', '00-welcome.tlnb');
  assert.ok(target, 'a copy was made');
  assert.match(target.path, /\/workspace\/tlnb-samples\/00-welcome\.tlnb$/);
  const editor = vscode.window.activeNotebookEditor;
  assert.equal(editor?.notebook.uri.toString(), target.toString());
  const extension = vscode.extensions.getExtension('tlnb.tlnb')!;
  const shipped = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'samples', '00-welcome.tlnb'));
  assert.deepEqual(await vscode.workspace.fs.readFile(target), shipped);
});
