// The NotebookSerializer for .tlnb files. A file that cannot be read is refused with an error
// that says where and what; VS Code then opens nothing, so nothing can be saved over it.

import * as vscode from 'vscode';
import { FormatError, parseNotebookBytes, serializeNotebook } from '../common/format';
import { fromNotebookData, toNotebookData } from './notebookData';

export const NOTEBOOK_TYPE = 'tlnb';

export class TlnbSerializer implements vscode.NotebookSerializer {
  constructor(private readonly onReadFailure: (content: Uint8Array, error: FormatError) => void) {}

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    try {
      // Bytes, not text: bytes that are not UTF-8 are refused with their place, never replaced.
      return toNotebookData(parseNotebookBytes(content));
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      this.onReadFailure(content, error);
      throw new Error(
        `tlnb cannot open this notebook: ${error.message}. The file was not changed. ` +
          'Fix it in a text editor (Reopen Editor With… › Text Editor), then open it again.',
        { cause: error },
      );
    }
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return new TextEncoder().encode(serializeNotebook(fromNotebookData(data)));
  }
}

/**
 * The serializer only sees bytes, not the file they came from. To name the file in the
 * notification, look for the open tlnb tab that has no notebook document and holds these bytes.
 */
export async function reportReadFailure(content: Uint8Array, error: FormatError): Promise<void> {
  const uri = await findFailedTab(content);
  const where = uri ? vscode.workspace.asRelativePath(uri) : 'a .tlnb notebook';
  const action = uri ? 'Open as Text' : undefined;
  const choice = await vscode.window.showErrorMessage(
    `Cannot open ${where}: ${error.message}. The file was not changed.`,
    ...(action ? [action] : []),
  );
  if (choice === action && uri) {
    const document = await vscode.workspace.openTextDocument(uri);
    const position = new vscode.Position((error.line ?? 1) - 1, (error.column ?? 1) - 1);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
  }
}

async function findFailedTab(content: Uint8Array): Promise<vscode.Uri | undefined> {
  // The tab appears a moment after the read fails; look a few times before giving up.
  for (let attempt = 0; attempt < 10; attempt++) {
    const open = new Set(vscode.workspace.notebookDocuments.map((d) => d.uri.toString()));
    for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
      const input = tab.input;
      if (!(input instanceof vscode.TabInputNotebook) || input.notebookType !== NOTEBOOK_TYPE) continue;
      if (open.has(input.uri.toString())) continue;
      try {
        const bytes = await vscode.workspace.fs.readFile(input.uri);
        if (sameBytes(bytes, content)) return input.uri;
      } catch {
        // unreadable tab: not the one we are looking for
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
