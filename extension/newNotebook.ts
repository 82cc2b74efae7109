// "tlnb: New tlnb Notebook": an untitled notebook with a first cell that loads TensorFlow.js.

import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from './serializer';

const FIRST_CELLS: Array<[vscode.NotebookCellKind, string, string]> = [
  [vscode.NotebookCellKind.Markup, '# New notebook\n\nRun a cell with Shift+Enter.', 'markdown'],
  [vscode.NotebookCellKind.Code, "import * as tf from '@tensorflow/tfjs';\n\ntf.tensor([1, 2, 3]).square()", 'typescript'],
];

export async function newNotebook(): Promise<void> {
  const data = new vscode.NotebookData(FIRST_CELLS.map(([kind, source, language]) => new vscode.NotebookCellData(kind, source, language)));
  const document = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  await vscode.window.showNotebookDocument(document);
}
