// The `tlnb.typeCheckBeforeRun` setting (off by default): when on, a cell with type errors is not
// sent to the kernel, and its output says which errors and how to run it anyway. Part of the main
// bundle; asks the lazily started IntelliSense (lazy.ts) for the errors.

import * as vscode from 'vscode';
import type { LazyIntellisense } from './lazy';
import { TYPE_CHECK_SETTING, refusalMessage } from './typeCheckMessage';

/** Why the cell must not run, or undefined to run it. */
export function typeCheckRefusal(cell: vscode.NotebookCell, intellisense: LazyIntellisense): string | undefined {
  if (!vscode.workspace.getConfiguration('tlnb', cell.notebook.uri).get<boolean>(TYPE_CHECK_SETTING, false)) return undefined;
  const errors = intellisense.get()?.cellTypeErrors(cell) ?? [];
  return errors.length > 0 ? refusalMessage(errors) : undefined;
}
