// "Export as Jupyter Notebook…", "Export as HTML…" (the notebook toolbar's … menu) and "Import
// Jupyter Notebook…" (command palette, and right-click on an .ipynb). Files are written next to the
// notebook; an export asks before replacing a file, an import never replaces one. The converting is
// common/jupyter/, shared with `tlnb export` / `tlnb import`.

import { errorMessage, isRecord } from '../../common/guards';
import * as vscode from 'vscode';
import { serializeNotebook } from '../../common/format';
import { fromIpynb, IpynbImportError } from '../../common/jupyter/fromIpynb';
import { notebookHtml } from '../../common/jupyter/htmlExport';
import { toIpynb } from '../../common/jupyter/toIpynb';
import { fromNotebookData } from '../notebookData';
import { NOTEBOOK_TYPE } from '../serializer';
import { uriExists } from '../workspaceFs';

const utf8 = new TextEncoder();

export function registerJupyterCommands(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tlnb.exportIpynb', (target?: unknown) => exportNotebook(context, target, 'ipynb')),
    vscode.commands.registerCommand('tlnb.exportHtml', (target?: unknown) => exportNotebook(context, target, 'html')),
    vscode.commands.registerCommand('tlnb.importIpynb', (target?: unknown) => importNotebook(target)),
  );
}

/** Exports the notebook (as it is in the editor, unsaved edits included); returns the file written. */
async function exportNotebook(context: vscode.ExtensionContext, target: unknown, to: 'ipynb' | 'html'): Promise<vscode.Uri | undefined> {
  const notebook = notebookOf(target);
  if (!notebook) {
    void vscode.window.showErrorMessage('tlnb: open a tlnb notebook to export it.');
    return undefined;
  }
  const file = fromNotebookData(toData(notebook));
  const stem = baseName(notebook.uri.path).replace(/\.tlnb$/, '') || 'notebook';
  let out: vscode.Uri | undefined = vscode.Uri.joinPath(notebook.uri, '..', `${stem}.${to}`);
  if (notebook.isUntitled) {
    out = await vscode.window.showSaveDialog({ filters: to === 'ipynb' ? { 'Jupyter Notebook': ['ipynb'] } : { HTML: ['html'] }, saveLabel: 'Export' });
  } else if (await uriExists(out)) {
    const replace = 'Replace';
    const choice = await vscode.window.showWarningMessage(`${baseName(out.path)} already exists next to the notebook. Replace it?`, { modal: true }, replace);
    if (choice !== replace) return undefined;
  }
  if (!out) return undefined;
  let text: string;
  if (to === 'ipynb') {
    text = `${JSON.stringify(toIpynb(file), null, 1)}\n`;
  } else {
    const script = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'standalone.js')));
    text = notebookHtml(file, stem, script);
  }
  await vscode.workspace.fs.writeFile(out, utf8.encode(text));
  const open = to === 'ipynb' ? 'Open' : 'Open in Browser';
  void vscode.window.showInformationMessage(`Exported ${baseName(out.path)}.`, open).then((choice) => {
    if (choice !== open) return;
    if (to === 'html') void vscode.env.openExternal(out);
    else void vscode.commands.executeCommand('vscode.open', out);
  });
  return out;
}

/** Imports an .ipynb as a new .tlnb beside it and opens it; returns the file written. */
async function importNotebook(target: unknown): Promise<vscode.Uri | undefined> {
  let source = target instanceof vscode.Uri ? target : undefined;
  if (!source) {
    const picked = await vscode.window.showOpenDialog({ filters: { 'Jupyter Notebook': ['ipynb'] }, canSelectMany: false, openLabel: 'Import' });
    source = picked?.[0];
  }
  if (!source) return undefined;
  const name = baseName(source.path);
  let result;
  try {
    result = fromIpynb(new TextDecoder().decode(await vscode.workspace.fs.readFile(source)), name);
  } catch (error) {
    const message = error instanceof IpynbImportError ? error.message : `cannot read ${name}: ${errorMessage(error)}`;
    void vscode.window.showErrorMessage(`tlnb: ${message}`);
    return undefined;
  }
  // Never over an existing file: name.tlnb, else name-2.tlnb, name-3.tlnb…
  const stem = name.replace(/\.ipynb$/i, '');
  let out = vscode.Uri.joinPath(source, '..', `${stem}.tlnb`);
  for (let n = 2; await uriExists(out); n++) out = vscode.Uri.joinPath(source, '..', `${stem}-${n}.tlnb`);
  await vscode.workspace.fs.writeFile(out, utf8.encode(serializeNotebook(result.notebook)));
  await vscode.commands.executeCommand('vscode.openWith', out, NOTEBOOK_TYPE);
  if (result.warnings.length) {
    void vscode.window.showWarningMessage(
      `Imported ${baseName(out.path)}; ${result.warnings.length} thing(s) could not be carried over: ${result.warnings.slice(0, 3).join('; ')}${result.warnings.length > 3 ? '; …' : ''}`,
    );
  }
  return out;
}

/** The notebook a command was invoked on: from the toolbar, an explorer URI, or the active editor. */
function notebookOf(target: unknown): vscode.NotebookDocument | undefined {
  const fromToolbar = isRecord(target) && isRecord(target.notebookEditor) ? target.notebookEditor.notebookUri : undefined;
  const uri = target instanceof vscode.Uri ? target : fromToolbar instanceof vscode.Uri ? fromToolbar : undefined;
  const notebook = uri ? vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeNotebookEditor?.notebook;
  return notebook?.notebookType === NOTEBOOK_TYPE ? notebook : undefined;
}

function toData(notebook: vscode.NotebookDocument): vscode.NotebookData {
  const data = new vscode.NotebookData(
    notebook.getCells().map((cell) => {
      const cellData = new vscode.NotebookCellData(cell.kind, cell.document.getText(), cell.document.languageId);
      cellData.metadata = cell.metadata;
      cellData.outputs = [...cell.outputs];
      if (cell.executionSummary) cellData.executionSummary = cell.executionSummary;
      return cellData;
    }),
  );
  data.metadata = notebook.metadata;
  return data;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
