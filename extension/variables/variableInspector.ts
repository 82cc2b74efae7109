// "Show Variable" (a click in the Variables view): the kernel's representations of the variable
// (a model's layer graph, a tensor's summarised values, text for the rest) in a webview panel,
// drawn by the standalone page script that HTML export uses (renderer/standalone/page.ts), so the
// graph is the same one a cell's output shows.

import * as vscode from 'vscode';
import { decodeItemData, type NotebookFile } from '../../common/format';
import { errorMessage } from '../../common/guards';
import { notebookHtml } from '../../common/jupyter/htmlExport';
import type { OutputItem } from '../../common/protocol';
import type { TlnbController } from '../execution/controller';

export function registerVariableInspector(context: vscode.ExtensionContext, controller: TlnbController): vscode.Disposable {
  return vscode.commands.registerCommand('tlnb.inspectVariable', async (notebookUri: string, variable: string) => {
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === notebookUri);
    const client = notebook && (await controller.kernelFor(notebook)?.started());
    if (!client) {
      void vscode.window.showWarningMessage(`tlnb: the kernel that held \`${variable}\` is no longer running; run the notebook's cells again.`);
      return;
    }
    let answer;
    try {
      answer = await client.inspectVariable(variable);
    } catch (error) {
      void vscode.window.showWarningMessage(`tlnb: cannot show \`${variable}\`: ${errorMessage(error)}`);
      return;
    }
    if ('busy' in answer) {
      void vscode.window.showInformationMessage(`tlnb: ${answer.busy} is running; show \`${variable}\` again when it ends.`);
      return;
    }
    const script = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'standalone.js')));
    const panel = vscode.window.createWebviewPanel('tlnb.variable', variable, vscode.ViewColumn.Beside, { enableScripts: true });
    panel.webview.html = notebookHtml(oneOutput(variable, answer.items), variable, script);
  });
}

/** A notebook of one code cell (the variable's name) whose output is the kernel's representations. */
function oneOutput(variable: string, items: OutputItem[]): NotebookFile {
  return {
    metadata: {},
    extra: {},
    cells: [
      {
        kind: 'code',
        language: 'typescript',
        source: variable,
        metadata: {},
        extra: {},
        outputs: [{ metadata: {}, extra: {}, items: items.map((item) => ({ mime: item.mime, data: decodeItemData(item), extra: {} })) }],
      },
    ],
  };
}
