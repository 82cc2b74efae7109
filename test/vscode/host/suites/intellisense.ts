// The notebook IntelliSense in the real VS Code: completions and hovers that know earlier cells,
// a type error as a diagnostic in its cell (what the Problems view lists), the loaders of `tlnb`,
// a sample chapter without diagnostics, and tlnb.typeCheckBeforeRun refusing a cell with errors.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { serializeNotebook } from '../../../../common/format';
import { test } from '../runner';
import { fileUri, writeText } from './workspaceFiles';

const CELLS = [
  "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();",
  "const n: number = 'a';",
  'model.',
  "import { data } from 'tlnb';",
  'data.',
];

async function openTypesNotebook(): Promise<vscode.NotebookDocument> {
  const uri = fileUri('intellisense', 'types.tlnb');
  const code = (source: string) => ({ kind: 'code' as const, language: 'typescript', source, metadata: {}, outputs: [], extra: {} });
  await writeText(uri, serializeNotebook({ metadata: {}, extra: {}, cells: CELLS.map(code) }));
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

function labels(list: vscode.CompletionList | undefined): string[] {
  return (list?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** The diagnostics tlnb set on a cell, once the first check of the notebook has run. */
async function tlnbDiagnostics(uri: vscode.Uri, until: (found: vscode.Diagnostic[]) => boolean, timeoutMs = 90_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'tlnb');
    if (until(found) || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('IntelliSense: a sample chapter opened first, then a notebook with a type error: one diagnostic in its cell, none in the sample', async () => {
  const sample = await vscode.workspace.openNotebookDocument(fileUri('samples', '06-pretrain-and-fine-tune.tlnb'));
  const notebook = await openTypesNotebook();
  const errorCell = notebook.cellAt(1).document;
  const found = await tlnbDiagnostics(errorCell.uri, (d) => d.length > 0);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]!.message, /Type 'string' is not assignable to type 'number'/);
  assert.equal(found[0]!.severity, vscode.DiagnosticSeverity.Error);
  assert.deepEqual([found[0]!.range.start.line, found[0]!.range.start.character], [0, 6]);
  for (const index of [0, 2, 3, 4]) assert.deepEqual(vscode.languages.getDiagnostics(notebook.cellAt(index).document.uri).filter((d) => d.source === 'tlnb'), [], `cell ${index + 1}`);
  // The sample was checked in the same pass: no errors or warnings from tlnb or VS Code's own TypeScript.
  for (const cell of sample.getCells()) {
    const problems = vscode.languages.getDiagnostics(cell.document.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(problems.map((d) => `${d.source}: ${d.message}`), [], `sample cell ${cell.index + 1}`);
  }
}, 120_000);

test('IntelliSense: model. in cell 3 lists fit and compile; hovering model shows Sequential; data. lists the loaders', async () => {
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.path.endsWith('/intellisense/types.tlnb'))!;
  const modelCell = notebook.cellAt(2).document;
  const members = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', modelCell.uri, new vscode.Position(0, 6), '.'));
  assert.ok(members.includes('fit') && members.includes('compile'), members.join(' '));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', modelCell.uri, new vscode.Position(0, 2));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /const model: (tf\.)?Sequential/);
  const dataCell = notebook.cellAt(4).document;
  const loaders = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', dataCell.uri, new vscode.Position(0, 5), '.'));
  for (const name of ['loadMnist', 'loadSpamAssassin', 'readIdxFile']) assert.ok(loaders.includes(name), `${name} in ${loaders.join(' ')}`);
  const definitions = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', modelCell.uri, new vscode.Position(0, 2));
  const targets = definitions.map((d) => ('uri' in d ? d.uri : d.targetUri).toString());
  assert.ok(targets.includes(notebook.cellAt(0).document.uri.toString()), `definition in cell 1: ${targets.join(', ')}`);
});

test('IntelliSense: with tlnb.typeCheckBeforeRun on, a cell with a type error is refused with its errors; off, it runs', async () => {
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.path.endsWith('/intellisense/types.tlnb'))!;
  const settings = vscode.workspace.getConfiguration('tlnb');
  await settings.update('typeCheckBeforeRun', true, vscode.ConfigurationTarget.Global);
  try {
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 1, end: 2 }], document: notebook.uri });
    const deadline = Date.now() + 30_000;
    while (notebook.cellAt(1).executionSummary?.success === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(notebook.cellAt(1).executionSummary?.success, false);
    const output = new TextDecoder().decode(notebook.cellAt(1).outputs[0]?.items[0]?.data ?? new Uint8Array());
    assert.match(output, /Not run: this cell has a type error, and the setting tlnb\.typeCheckBeforeRun is on/);
    assert.match(output, /line 1: Type 'string' is not assignable to type 'number'/);
  } finally {
    await settings.update('typeCheckBeforeRun', undefined, vscode.ConfigurationTarget.Global);
  }
  // Off (the default), types never block a run: the kernel only strips them.
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 1, end: 2 }], document: notebook.uri });
  const deadline = Date.now() + 90_000;
  while (notebook.cellAt(1).executionSummary?.success !== true && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.equal(notebook.cellAt(1).executionSummary?.success, true, 'the same cell runs with the setting off');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}, 150_000);
