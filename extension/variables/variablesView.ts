// The "tlnb Variables" view (Explorer): the active notebook's top-level names from its kernel
// (common/protocol.ts list-variables) with type, tensor shape and dtype, model parameter count and
// size. VS Code's own notebook variables view (NotebookVariableProvider) is a proposed API that
// published extensions cannot use, hence a tree view. The list is asked for only while the view is
// visible: after each cell of the active notebook ends, and when the view or notebook changes.
// Clicking a variable shows it as a display would (variableInspector.ts).

import * as vscode from 'vscode';
import { errorMessage } from '../../common/guards';
import type { VariableInfo } from '../../common/protocol';
import type { TlnbController } from '../execution/controller';
import { NOTEBOOK_TYPE } from '../serializer';
import { variableDescription, variableIcon } from './variableText';

/** A kernel that does not answer this fast has a cell blocking it. */
const LIST_TIMEOUT_MS = 3000;

type Row = { variable: VariableInfo; notebook: vscode.NotebookDocument } | { message: string };

export class VariablesView implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Row>;
  private readonly subscriptions: vscode.Disposable[];
  /** The tlnb notebook last active: still listed while another editor (a variable's panel) has focus. */
  private lastNotebook: vscode.NotebookDocument | undefined;

  constructor(private readonly controller: TlnbController) {
    this.view = vscode.window.createTreeView('tlnb.variables', { treeDataProvider: this });
    this.subscriptions = [
      this.view,
      this.changed,
      this.view.onDidChangeVisibility(() => this.refresh()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh()),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        if (notebook === this.lastNotebook) this.lastNotebook = undefined;
        this.refresh();
      }),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        // A cell's execution ended: its summary (order, success, timing) was set.
        if (event.notebook === this.notebook() && event.cellChanges.some((change) => change.executionSummary?.timing?.endTime !== undefined)) this.refresh();
      }),
    ];
  }

  /** Asks for the list again, if anyone can see it. */
  refresh(): void {
    if (this.view.visible) this.changed.fire();
  }

  getTreeItem(row: Row): vscode.TreeItem {
    if ('message' in row) return new vscode.TreeItem(row.message);
    const { variable, notebook } = row;
    const item = new vscode.TreeItem(variable.name);
    item.description = variableDescription(variable);
    item.tooltip = new vscode.MarkdownString().appendCodeblock(`${variable.name}: ${variable.type}\n${variable.preview}`, 'text');
    item.iconPath = new vscode.ThemeIcon(variableIcon(variable.kind));
    item.contextValue = `tlnb.variable.${variable.kind}`;
    item.command = { title: 'Show Variable', command: 'tlnb.inspectVariable', arguments: [notebook.uri.toString(), variable.name] };
    return item;
  }

  async getChildren(row?: Row): Promise<Row[]> {
    if (row) return [];
    const notebook = this.notebook();
    if (!notebook) return [{ message: 'Open a tlnb notebook to see its variables.' }];
    const client = await this.controller.kernelFor(notebook)?.started();
    if (!client) return [{ message: 'No kernel yet: run a cell to see its variables.' }];
    try {
      const list = await client.listVariables(LIST_TIMEOUT_MS);
      if ('busy' in list) return [{ message: `${list.busy} is running; the list refreshes when it ends.` }];
      if (list.variables.length === 0) return [{ message: 'No variables yet.' }];
      return list.variables.map((variable) => ({ variable, notebook }));
    } catch (error) {
      return [{ message: `The kernel did not list its variables: ${errorMessage(error)}` }];
    }
  }

  /** The active tlnb notebook, else the last one while it is open and no other notebook is active. */
  private notebook(): vscode.NotebookDocument | undefined {
    const active = activeNotebook();
    if (active) this.lastNotebook = active;
    else if (vscode.window.activeNotebookEditor) return undefined;
    return this.lastNotebook;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function activeNotebook(): vscode.NotebookDocument | undefined {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  return notebook?.notebookType === NOTEBOOK_TYPE ? notebook : undefined;
}
