// One quick pick of the fine-tune wizard, able to show why it came back: when an answer was
// refused (data that do not fit the model, a busy kernel, a loss that became NaN) the step
// reopens with the reason as its first row and placeholder, and the previous answer active.
// Enter on the reason's row picks nothing: the placeholder then says that it is not a choice.

import * as vscode from 'vscode';
import { ERROR_ROW_NOTE, errorRow, type PickItem } from './wizardSteps';

export interface StepOptions<T> {
  title: string;
  placeholder: string;
  items: Array<PickItem<T>>;
  /** The previous answer, made the active row. */
  active?: (value: T) => boolean;
  /** Why the step is asked again: "what is wrong\n  how to fix: …". */
  error?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

type Row<T> = vscode.QuickPickItem & { value?: T; isError?: true };

/** Shows the step; resolves with the value picked, or undefined when the user closes it. Picking the error row only explains itself. */
export function showStep<T>(options: StepOptions<T>): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<Row<T>>();
  pick.title = options.error ? `${options.title} — try again` : options.title;
  pick.placeholder = options.error ? errorRow(options.error).label.replace('$(error) ', '') : options.placeholder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  pick.ignoreFocusOut = false;
  const rows: Array<Row<T>> = options.items.map(({ value, ...item }) => ({ ...item, value }));
  const error: Row<T> | undefined = options.error ? { ...errorRow(options.error), alwaysShow: true, isError: true } : undefined;
  pick.items = error ? [error, ...rows] : rows;
  const previous = options.active && rows.find((row) => row.value !== undefined && options.active!(row.value));
  if (previous) pick.activeItems = [previous];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: T | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!chosen) return;
      if (chosen.isError) {
        pick.placeholder = ERROR_ROW_NOTE;
        return;
      }
      finish(chosen.value);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
