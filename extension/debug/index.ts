// Wires Debug Cell (debugCell.ts): the tlnb.debugCell command, shown on tlnb cells in a trusted workspace.

import * as vscode from 'vscode';
import type { TlnbController } from '../execution/controller';
import { CellDebugger } from './debugCell';

export function registerDebugCell(context: vscode.ExtensionContext, controller: TlnbController): void {
  const cellDebugger = new CellDebugger(controller);
  context.subscriptions.push(
    cellDebugger,
    vscode.commands.registerCommand('tlnb.debugCell', (cell?: vscode.NotebookCell) => cellDebugger.debug(isCell(cell) ? cell : undefined)),
  );
}

/** From the palette or a keybinding the argument may be absent or something else than a cell. */
function isCell(value: unknown): value is vscode.NotebookCell {
  return typeof value === 'object' && value !== null && 'notebook' in value && 'document' in value && 'index' in value;
}
