// Debug Cell in a real VS Code with its built-in JavaScript debugger (js-debug): a breakpoint set
// on a line of a cell stops the run there; the call stack names the cell and its line; a watch
// expression and a step work; continue lets the cell finish with its output; the kernel keeps its
// variables afterwards. A breakpoint in a function an earlier cell defined binds too.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { serializeNotebook } from '../../../../common/format';
import { test } from '../runner';
import { fileUri, writeText } from './workspaceFiles';

const HELPER_CELL = `function scale(x: number): number {
  const scaled = x * 3;
  return scaled;
}
const base: number = 10;`;

const DEBUGGED_CELL = `function double(x: number): number {
  const twice: number = x * 2;
  return twice;
}
const result = double(base) + 1;
console.log('result is', result);
result`;

interface DebugCellResult {
  status: string;
  success?: boolean;
  message?: string;
}

interface Frame {
  id: number;
  name: string;
  line: number;
  source?: { name?: string; path?: string; sourceReference?: number };
}

async function openDebugNotebook(): Promise<vscode.NotebookDocument> {
  const uri = fileUri('debug-cell.tlnb');
  const cell = (source: string) => ({ kind: 'code' as const, language: 'typescript', source, metadata: {}, outputs: [], extra: {} });
  await writeText(uri, serializeNotebook({ metadata: {}, extra: {}, cells: [cell(HELPER_CELL), cell(DEBUGGED_CELL), cell('result * 2 + scale(1)')] }));
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The frame the debugger stopped in, once it has (a new stop: a frame other than `previous`). */
async function stoppedFrame(previous?: vscode.DebugStackFrame): Promise<vscode.DebugStackFrame> {
  return until('the debugger to stop', () => {
    const item = vscode.debug.activeStackItem;
    return item instanceof vscode.DebugStackFrame && item !== previous ? item : undefined;
  });
}

async function stack(frame: vscode.DebugStackFrame): Promise<Frame[]> {
  const response = (await frame.session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 20 })) as { stackFrames: Frame[] };
  return response.stackFrames;
}

function outputText(cell: vscode.NotebookCell): string {
  return cell.outputs.flatMap((o) => o.items.map((i) => new TextDecoder().decode(i.data))).join('\n');
}

/** The session still active, for a failure's message: which one lingers says which did not stop. */
function describeSession(): string {
  const session = vscode.debug.activeDebugSession;
  if (!session) return 'none is active now';
  const parent = session.parentSession ? `, child of "${session.parentSession.name}"` : '';
  return `"${session.name}" (${session.type}${parent}) was still active`;
}

/** A failed test must not leave the kernel paused for the next one. */
async function cleanUp(breakpoint: vscode.Breakpoint): Promise<void> {
  vscode.debug.removeBreakpoints([breakpoint]);
  if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  await until('the debug session to end', () => (vscode.debug.activeDebugSession ? undefined : true), 10_000).catch(() => undefined);
}

async function runCell(notebook: vscode.NotebookDocument, index: number): Promise<void> {
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
  await until('the cell to finish', () => notebook.cellAt(index).executionSummary?.success);
}

test('Debug Cell stops at a breakpoint in the cell: call stack shows "Cell 2" and the line, watch and step work, continue finishes the cell with its output', async () => {
  const notebook = await openDebugNotebook();
  await runCell(notebook, 0);
  const cell = notebook.cellAt(1);
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(cell.document.uri, new vscode.Position(1, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  try {
    const debugRun = vscode.commands.executeCommand<DebugCellResult>('tlnb.debugCell', cell);

    const frame = await stoppedFrame();
    const frames = await stack(frame);
    const top = frames[0]!;
    assert.equal(top.source?.path, cell.document.uri.toString(), `the top frame is in the cell: ${JSON.stringify(top)}`);
    assert.equal(top.source?.name, 'Cell 2');
    assert.equal(top.line, 2, 'stopped on the line of the breakpoint (1-based)');
    assert.match(top.name, /\bdouble$/, 'the frame is the function the breakpoint is in (js-debug says "global.double")');
    assert.ok(!top.source?.sourceReference, 'VS Code opens the cell itself, not a copy');
    const caller = frames[1]!;
    assert.equal(caller.source?.name, 'Cell 2', `the caller is the cell's top level: ${JSON.stringify(caller)}`);
    assert.equal(caller.line, 5);
    assert.ok(vscode.debug.activeDebugSession, 'a debug session is active (the debug toolbar shows)');

    const watch = (await frame.session.customRequest('evaluate', { expression: 'x * 10 + base', frameId: top.id, context: 'watch' })) as { result: string };
    assert.equal(watch.result, '110');

    await frame.session.customRequest('next', { threadId: frame.threadId });
    const stepped = await stoppedFrame(frame);
    const afterStep = (await stack(stepped))[0]!;
    assert.equal(afterStep.source?.name, 'Cell 2');
    assert.equal(afterStep.line, 3, 'a step goes to the next line of the cell');

    await stepped.session.customRequest('continue', { threadId: stepped.threadId });
    const result = await debugRun;
    assert.deepEqual(result, { status: 'done', success: true });
    assert.match(outputText(cell), /result is 21/);
    await until('the debug session to end', () => (vscode.debug.activeDebugSession ? undefined : true), 10_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${describeSession()}`);
    });

    // The kernel and its variables outlive the debug session.
    await runCell(notebook, 2);
    assert.match(outputText(notebook.cellAt(2)), /^45$/m);
  } finally {
    await cleanUp(breakpoint);
  }
}, 120_000);

test('Debug Cell stops in a function an earlier cell defined, shown as that cell', async () => {
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.path.endsWith('/debug-cell.tlnb'));
  assert.ok(notebook, 'the notebook of the previous test is open');
  const helper = notebook.cellAt(0);
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(helper.document.uri, new vscode.Position(2, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  try {
    const debugRun = vscode.commands.executeCommand<DebugCellResult>('tlnb.debugCell', notebook.cellAt(2));
    const frame = await stoppedFrame();
    const frames = await stack(frame);
    assert.equal(frames[0]?.source?.name, 'Cell 1', JSON.stringify(frames[0]));
    assert.equal(frames[0]?.line, 3);
    assert.equal(frames[1]?.source?.name, 'Cell 3', JSON.stringify(frames[1]));
    await frame.session.customRequest('continue', { threadId: frame.threadId });
    assert.deepEqual(await debugRun, { status: 'done', success: true });
  } finally {
    await cleanUp(breakpoint);
  }
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}, 120_000);
