// "tlnb: Toggle Parameters Cell": tags the selected code cell `parameters` (or untags it), the cell
// whose defaults `tlnb run --param name=value` overrides (cli/parameters.ts, papermill's
// convention). The tag is saved in the cell's metadata as Jupyter does; tagged cells, and the cell a
// run injected, say so in their status bar.

import * as vscode from 'vscode';
import { INJECTED_PARAMETERS_TAG, PARAMETERS_TAG, hasTag, withTag, type JsonObject } from '../common/format';
import { NOTEBOOK_TYPE } from './serializer';

export function registerParametersCell(): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  return vscode.Disposable.from(
    changed,
    vscode.commands.registerCommand('tlnb.toggleParametersCell', async (target?: vscode.NotebookCell) => {
      const editor = vscode.window.activeNotebookEditor;
      const cell = isCell(target) ? target : editor?.notebook.cellAt(editor.selection.start);
      if (!cell || cell.notebook.notebookType !== NOTEBOOK_TYPE) return;
      if (cell.kind !== vscode.NotebookCellKind.Code) {
        void vscode.window.showWarningMessage('tlnb: only a code cell can be the parameters cell.');
        return;
      }
      const metadata = cell.metadata as JsonObject;
      const edit = new vscode.WorkspaceEdit();
      edit.set(cell.notebook.uri, [vscode.NotebookEdit.updateCellMetadata(cell.index, withTag(metadata, PARAMETERS_TAG, !hasTag(metadata, PARAMETERS_TAG)))]);
      await vscode.workspace.applyEdit(edit);
      changed.fire();
    }),
    vscode.notebooks.registerNotebookCellStatusBarItemProvider(NOTEBOOK_TYPE, {
      onDidChangeCellStatusBarItems: changed.event,
      provideCellStatusBarItems(cell) {
        const metadata = cell.metadata as JsonObject;
        if (hasTag(metadata, PARAMETERS_TAG)) {
          const item = new vscode.NotebookCellStatusBarItem('$(symbol-parameter) parameters', vscode.NotebookCellStatusBarAlignment.Left);
          item.tooltip = 'Default parameters: `tlnb run --param name=value` sets new values in a cell it inserts after this one. Click to untag.';
          item.command = { title: 'Toggle Parameters Cell', command: 'tlnb.toggleParametersCell', arguments: [cell] };
          return [item];
        }
        if (hasTag(metadata, INJECTED_PARAMETERS_TAG)) {
          const item = new vscode.NotebookCellStatusBarItem('$(symbol-parameter) injected parameters', vscode.NotebookCellStatusBarAlignment.Left);
          item.tooltip = 'tlnb run --param inserted this cell; the next run with --param replaces it.';
          return [item];
        }
        return [];
      },
    }),
  );
}

function isCell(value: unknown): value is vscode.NotebookCell {
  return typeof value === 'object' && value !== null && 'notebook' in value && 'document' in value;
}
