// Small helpers over VS Code's file system API (works for remote and virtual workspaces too).

import * as vscode from 'vscode';

/** Whether anything (file or folder) exists at `uri`. */
export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
