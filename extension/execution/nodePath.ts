// The Node that runs tlnb's own processes (a notebook's kernel, a fine-tune): the `tlnb.nodePath`
// setting, or else the Node running the extension host (Electron's binary in desktop VS Code,
// which behaves as Node with ELECTRON_RUN_AS_NODE=1), so that no separate Node install is needed.

import * as vscode from 'vscode';

/** The setting's value, or undefined when it is empty (then process.execPath is used). */
export function configuredNodePath(scope?: vscode.Uri): string | undefined {
  return vscode.workspace.getConfiguration('tlnb', scope).get<string>('nodePath')?.trim() || undefined;
}

export function nodeForTlnbProcesses(scope?: vscode.Uri): string {
  return configuredNodePath(scope) ?? process.execPath;
}
