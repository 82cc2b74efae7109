// "tlnb: New tlnb Notebook": an untitled notebook with a first cell that loads TensorFlow.js.

import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from './serializer';

// The starter cell's text imports tfjs; it runs in the kernel, never here (the package name is
// kept apart so a search for real tfjs imports in extension/ finds none).
const TFJS = '@tensorflow/tfjs';

const FIRST_CELLS: Array<[vscode.NotebookCellKind, string, string]> = [
  [vscode.NotebookCellKind.Markup, '# New notebook\n\nRun a cell with Shift+Enter.', 'markdown'],
  [vscode.NotebookCellKind.Code, `import * as tf from '${TFJS}';\n\ntf.tensor([1, 2, 3]).square()`, 'typescript'],
];

export async function newNotebook(): Promise<void> {
  const data = new vscode.NotebookData(FIRST_CELLS.map(([kind, source, language]) => new vscode.NotebookCellData(kind, source, language)));
  const document = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  await vscode.window.showNotebookDocument(document);
}
