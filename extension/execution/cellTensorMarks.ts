// Marks cells that left tensors behind ("+120 tensors") in the cell's status bar: the count of live
// tensors (tf.memory().numTensors) after the cell minus before it, as the kernel reports it.

import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../serializer';

export class CellTensorMarks implements vscode.NotebookCellStatusBarItemProvider, vscode.Disposable {
  private readonly deltas = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCellStatusBarItems = this.changed.event;
  private readonly registration = vscode.notebooks.registerNotebookCellStatusBarItemProvider(NOTEBOOK_TYPE, this);

  set(cell: vscode.NotebookCell, delta: number | undefined): void {
    const key = cell.document.uri.toString();
    if (delta !== undefined && delta > 0) this.deltas.set(key, delta);
    else this.deltas.delete(key);
    this.changed.fire();
  }

  clear(notebook: vscode.NotebookDocument): void {
    for (const cell of notebook.getCells()) this.deltas.delete(cell.document.uri.toString());
    this.changed.fire();
  }

  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    const delta = this.deltas.get(cell.document.uri.toString());
    if (delta === undefined) return [];
    const item = new vscode.NotebookCellStatusBarItem(`+${delta} tensor${delta === 1 ? '' : 's'}`, vscode.NotebookCellStatusBarAlignment.Right);
    item.tooltip =
      `After this cell ran, ${delta} more tensor${delta === 1 ? '' : 's'} stayed in memory than before. ` +
      'Tensors kept in variables count too; dispose the ones you no longer need, or compute inside tf.tidy().';
    return [item];
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
