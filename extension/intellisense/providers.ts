// VS Code's side of the notebook IntelliSense: one NotebookService per open tlnb notebook, and the
// completion, hover, signature help, definition, reference and rename providers plus a diagnostic
// collection for its TypeScript cells. Loaded from dist/intellisense.js on the first tlnb notebook
// (lazy.ts), so activation never loads TypeScript.

import { basename, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import ts from 'typescript';
import * as vscode from 'vscode';
import { NotebookService, type CellDiagnostic, type Location } from './notebookService';
import { TypesBundle } from './typesBundle';

const NOTEBOOK_TYPE = 'tlnb';
const SELECTOR: vscode.DocumentFilter = { notebookType: NOTEBOOK_TYPE, language: 'typescript' };
/** Shipped declaration files open read-only under this scheme (go to definition into tfjs). */
const TYPES_SCHEME = 'tlnb-types';
const DIAGNOSTICS_DELAY_MS = 400;

export interface Intellisense {
  /** The type errors of a cell, as `line N: message` (for tlnb.typeCheckBeforeRun). */
  cellTypeErrors(cell: vscode.NotebookCell): string[];
}

interface Tracked {
  service: NotebookService;
  texts: string[];
  cells: vscode.NotebookCell[];
}

export function activateIntellisense(context: vscode.ExtensionContext): Intellisense {
  const root = `${context.extensionUri.fsPath.replace(/\\/g, '/')}/dist/tlnb-types`;
  const types = TypesBundle.read(vscode.Uri.joinPath(context.extensionUri, 'dist', 'intellisense-types.json').fsPath, root);
  const notebooks = new Map<string, Tracked>();
  const diagnostics = vscode.languages.createDiagnosticCollection('tlnb');
  // VS Code's TypeScript support already reports each cell's syntax errors; report them only without it.
  const reportSyntax = () => vscode.extensions.getExtension('vscode.typescript-language-features') === undefined;

  const tracked = (notebook: vscode.NotebookDocument): Tracked => {
    const key = notebook.uri.toString();
    let entry = notebooks.get(key);
    if (!entry) {
      const dir = notebook.uri.scheme === 'file' ? dirname(notebook.uri.fsPath) : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? tmpdir());
      const name = notebook.uri.scheme === 'file' ? basename(notebook.uri.fsPath) : 'untitled.tlnb';
      entry = { service: new NotebookService(types, dir.replace(/\\/g, '/'), name), texts: [], cells: [] };
      notebooks.set(key, entry);
    }
    const cells = notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === 'typescript');
    const texts = cells.map((cell) => cell.document.getText());
    if (texts.length !== entry.texts.length || texts.some((text, i) => text !== entry!.texts[i])) entry.service.update(texts);
    entry.texts = texts;
    entry.cells = cells;
    return entry;
  };

  /** The notebook service and cell index for a cell's text document. */
  const locate = (document: vscode.TextDocument): { entry: Tracked; cell: number } | undefined => {
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.notebookType === NOTEBOOK_TYPE && nb.getCells().some((c) => c.document === document));
    if (!notebook) return undefined;
    const entry = tracked(notebook);
    const cell = entry.cells.findIndex((c) => c.document === document);
    return cell < 0 ? undefined : { entry, cell };
  };

  const toVscodeLocation = (entry: Tracked, location: Location): vscode.Location | undefined => {
    if (location.kind === 'cell') {
      const document = entry.cells[location.cell]?.document;
      return document && new vscode.Location(document.uri, new vscode.Range(document.positionAt(location.start), document.positionAt(location.start + location.length)));
    }
    const uri = location.bundled ? vscode.Uri.from({ scheme: TYPES_SCHEME, path: location.path }) : vscode.Uri.file(location.path);
    const start = new vscode.Position(location.line, location.character);
    const text = entry.service.readFile(location.path);
    if (text === undefined) return new vscode.Location(uri, start);
    const file = ts.createSourceFile(location.path, text, ts.ScriptTarget.Latest);
    const end = file.getLineAndCharacterOfPosition(location.start + location.length);
    return new vscode.Location(uri, new vscode.Range(start, new vscode.Position(end.line, end.character)));
  };

  // Diagnostics after a pause in typing, one cell at a time with a turn of the event loop in
  // between (the cell being edited first), so that the extension host never waits for the whole
  // notebook's check; an edit meanwhile abandons the pass, and the next pause starts a new one.
  let pending: NodeJS.Timeout | undefined;
  let generation = 0;
  const refreshDiagnostics = () => {
    clearTimeout(pending);
    const mine = ++generation;
    pending = setTimeout(() => void checkNotebooks(mine), DIAGNOSTICS_DELAY_MS);
  };
  const checkNotebooks = async (mine: number) => {
    const active = vscode.window.activeNotebookEditor?.notebook;
    const open = vscode.workspace.notebookDocuments.filter((notebook) => notebook.notebookType === NOTEBOOK_TYPE);
    for (const notebook of [...open].sort((a, b) => Number(b === active) - Number(a === active))) {
      const editing = vscode.window.activeTextEditor?.document;
      const first = notebook.getCells().findIndex((cell) => cell.document === editing);
      const entry = tracked(notebook);
      const order = entry.cells.map((_, index) => index).sort((a, b) => Number(entry.cells[b]!.index === first) - Number(entry.cells[a]!.index === first));
      for (const index of order) {
        await new Promise((resolve) => setImmediate(resolve));
        if (mine !== generation || notebook.isClosed) return;
        const cell = entry.cells[index]!;
        const found = entry.service.diagnostics({ syntax: reportSyntax(), cells: [index] });
        diagnostics.set(cell.document.uri, found.map((d) => toVscodeDiagnostic(cell.document, d)));
      }
    }
  };
  const forget = (notebook: vscode.NotebookDocument) => {
    const entry = notebooks.get(notebook.uri.toString());
    if (!entry) return;
    notebooks.delete(notebook.uri.toString());
    for (const cell of notebook.getCells()) diagnostics.delete(cell.document.uri);
    entry.service.dispose();
  };

  context.subscriptions.push(
    diagnostics,
    { dispose: () => [...notebooks.values()].forEach((entry) => entry.service.dispose()) },
    vscode.workspace.onDidOpenNotebookDocument((notebook) => notebook.notebookType === NOTEBOOK_TYPE && refreshDiagnostics()),
    vscode.workspace.onDidChangeNotebookDocument((event) => event.notebook.notebookType === NOTEBOOK_TYPE && refreshDiagnostics()),
    vscode.workspace.onDidChangeTextDocument((event) => event.document.uri.scheme === 'vscode-notebook-cell' && event.contentChanges.length > 0 && refreshDiagnostics()),
    vscode.workspace.onDidCloseNotebookDocument(forget),
    vscode.workspace.registerTextDocumentContentProvider(TYPES_SCHEME, { provideTextDocumentContent: (uri) => types.readFile(uri.path) ?? '' }),
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      {
        provideCompletionItems(document, position, _token, context) {
          const at = locate(document);
          if (!at) return undefined;
          const offset = document.offsetAt(position);
          // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- VS Code sends only the trigger characters this provider registered, TypeScript's own
          const trigger = context.triggerCharacter as ts.CompletionsTriggerCharacter | undefined;
          const result = at.entry.service.completions(at.cell, offset, trigger);
          if (!result) return undefined;
          const items = result.entries.map((entry) => {
            const item = new CellCompletionItem(entry.name, completionKind(entry.kind), { cell: at.cell, offset, name: entry.name, source: entry.source, data: entry.data, entry: at.entry });
            item.sortText = entry.sortText;
            if (entry.insertText !== undefined) item.insertText = entry.isSnippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
            if (entry.replacement) item.range = new vscode.Range(document.positionAt(entry.replacement.start), document.positionAt(entry.replacement.start + entry.replacement.length));
            if (entry.kindModifiers?.includes('deprecated')) item.tags = [vscode.CompletionItemTag.Deprecated];
            return item;
          });
          return new vscode.CompletionList(items, false);
        },
        resolveCompletionItem(item) {
          if (!(item instanceof CellCompletionItem)) return item;
          const details = item.origin.entry.service.completionDetails(item.origin.cell, item.origin.offset, item.origin);
          if (details) {
            item.detail = details.detail;
            item.documentation = new vscode.MarkdownString(details.documentation);
          }
          return item;
        },
      },
      '.',
      '"',
      "'",
      '`',
      '/',
      '@',
      '<',
      '#',
    ),
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(document, position) {
        const at = locate(document);
        const info = at?.entry.service.quickInfo(at.cell, document.offsetAt(position));
        if (!info) return undefined;
        const contents = new vscode.MarkdownString().appendCodeblock(info.signature, 'typescript');
        if (info.documentation) contents.appendMarkdown(`\n\n${info.documentation}`);
        return new vscode.Hover(contents, new vscode.Range(document.positionAt(info.start), document.positionAt(info.start + info.length)));
      },
    }),
    vscode.languages.registerSignatureHelpProvider(
      SELECTOR,
      {
        provideSignatureHelp(document, position, _token, context) {
          const at = locate(document);
          // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- VS Code sends only the trigger characters this provider registered, TypeScript's own
          const help = at?.entry.service.signatureHelp(at.cell, document.offsetAt(position), context.triggerCharacter as ts.SignatureHelpTriggerCharacter | undefined);
          if (!help) return undefined;
          const result = new vscode.SignatureHelp();
          result.signatures = help.signatures.map((s) => {
            const signature = new vscode.SignatureInformation(s.label, new vscode.MarkdownString(s.documentation));
            signature.parameters = s.parameters.map((p) => new vscode.ParameterInformation(p.label, new vscode.MarkdownString(p.documentation)));
            return signature;
          });
          result.activeSignature = help.activeSignature;
          result.activeParameter = help.activeParameter;
          return result;
        },
      },
      '(',
      ',',
      '<',
    ),
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition(document, position) {
        const at = locate(document);
        if (!at) return undefined;
        return at.entry.service.definitions(at.cell, document.offsetAt(position)).flatMap((l) => toVscodeLocation(at.entry, l) ?? []);
      },
    }),
    vscode.languages.registerReferenceProvider(SELECTOR, {
      provideReferences(document, position) {
        const at = locate(document);
        if (!at) return undefined;
        return at.entry.service.references(at.cell, document.offsetAt(position)).flatMap((l) => toVscodeLocation(at.entry, l) ?? []);
      },
    }),
    vscode.languages.registerRenameProvider(SELECTOR, {
      provideRenameEdits(document, position, newName) {
        const at = locate(document);
        if (!at) return undefined;
        const result = at.entry.service.rename(at.cell, document.offsetAt(position), newName);
        if (!result.ok) throw new Error(result.reason);
        const edit = new vscode.WorkspaceEdit();
        for (const change of result.edits) {
          const cellDocument = at.entry.cells[change.cell]!.document;
          edit.replace(cellDocument.uri, new vscode.Range(cellDocument.positionAt(change.start), cellDocument.positionAt(change.start + change.length)), change.text);
        }
        return edit;
      },
    }),
  );
  refreshDiagnostics();

  return {
    cellTypeErrors(cell) {
      if (cell.notebook.notebookType !== NOTEBOOK_TYPE) return [];
      const entry = tracked(cell.notebook);
      const index = entry.cells.findIndex((c) => c.document === cell.document);
      if (index < 0) return [];
      return entry.service
        .diagnostics({ syntax: true, cells: [index] })
        .filter((d) => d.category === 'error')
        .map((d) => `line ${cell.document.positionAt(d.start).line + 1}: ${d.message}`);
    },
  };
}

class CellCompletionItem extends vscode.CompletionItem {
  constructor(
    label: string,
    kind: vscode.CompletionItemKind,
    readonly origin: { cell: number; offset: number; name: string; source: string | undefined; data: ts.CompletionEntryData | undefined; entry: Tracked },
  ) {
    super(label, kind);
  }
}

function toVscodeDiagnostic(document: vscode.TextDocument, d: CellDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(d.start), document.positionAt(d.start + d.length));
  const severity = d.category === 'error' ? vscode.DiagnosticSeverity.Error : d.category === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = 'tlnb';
  diagnostic.code = d.code;
  return diagnostic;
}

function completionKind(kind: string): vscode.CompletionItemKind {
  const K = vscode.CompletionItemKind;
  switch (kind) {
    case ts.ScriptElementKind.primitiveType:
    case ts.ScriptElementKind.keyword:
      return K.Keyword;
    case ts.ScriptElementKind.constElement:
    case ts.ScriptElementKind.letElement:
    case ts.ScriptElementKind.variableElement:
    case ts.ScriptElementKind.localVariableElement:
    case ts.ScriptElementKind.alias:
    case ts.ScriptElementKind.parameterElement:
      return K.Variable;
    case ts.ScriptElementKind.memberVariableElement:
    case ts.ScriptElementKind.memberGetAccessorElement:
    case ts.ScriptElementKind.memberSetAccessorElement:
      return K.Field;
    case ts.ScriptElementKind.functionElement:
    case ts.ScriptElementKind.localFunctionElement:
      return K.Function;
    case ts.ScriptElementKind.memberFunctionElement:
    case ts.ScriptElementKind.callSignatureElement:
      return K.Method;
    case ts.ScriptElementKind.constructSignatureElement:
    case ts.ScriptElementKind.constructorImplementationElement:
      return K.Constructor;
    case ts.ScriptElementKind.enumElement:
      return K.Enum;
    case ts.ScriptElementKind.enumMemberElement:
      return K.EnumMember;
    case ts.ScriptElementKind.moduleElement:
    case ts.ScriptElementKind.externalModuleName:
      return K.Module;
    case ts.ScriptElementKind.classElement:
    case ts.ScriptElementKind.typeElement:
      return K.Class;
    case ts.ScriptElementKind.interfaceElement:
      return K.Interface;
    case ts.ScriptElementKind.typeParameterElement:
      return K.TypeParameter;
    case ts.ScriptElementKind.string:
      return K.Constant;
    case ts.ScriptElementKind.directory:
      return K.Folder;
    case ts.ScriptElementKind.scriptElement:
      return K.File;
    default:
      return K.Property;
  }
}
