// "Debug Cell": runs one cell under VS Code's JavaScript debugger (the built-in js-debug). The
// kernel opens its inspector on a free port of 127.0.0.1; a `pwa-node` attach session connects to
// it; once that session has its breakpoints, the cell runs. Every cell's script carries a source
// map that names the cell's debug path (cellSources.ts; controller.ts), so breakpoints set in the
// cell, or in a function an earlier cell defined, bind, and pauses, steps and the call stack show
// the cell ("Cell 3") and its lines. When the cell ends the session stops and the
// inspector closes; the kernel and its variables stay.

import { basename } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { errorMessage, isRecord } from '../../common/guards';
import type { KernelClient } from '../../common/node/kernelClient';
import type { TlnbController } from '../execution/controller';
import { RestrictedModeError, showRestrictedMessage } from '../execution/workspaceTrust';
import { NOTEBOOK_TYPE } from '../serializer';
import { debugSourcePath, rewriteToAdapter, rewriteToEditor, type CellSourceLookup } from './cellSources';

/** How long js-debug may take to attach and take the breakpoints before the run is abandoned. */
const ATTACH_TIMEOUT_MS = 30_000;
/** How long a stopped session may take to end before the inspector is closed anyway. */
const STOP_TIMEOUT_MS = 5_000;
/** The configuration key that ties js-debug's sessions (and their child sessions) to a run. */
const RUN_KEY = '__tlnbDebugRun';

export type DebugCellResult = { status: 'done'; success: boolean } | { status: 'refused' | 'error'; message: string };

interface DebugRun {
  notebook: vscode.NotebookDocument;
  lookup: CellSourceLookup;
  /** Every session of this run that has started and not yet ended: the top-level one and js-debug's child. */
  readonly live: Map<string, vscode.DebugSession>;
  /** Resolves when a session attached to the kernel has its breakpoints (configurationDone answered). */
  ready: Promise<void>;
  markReady(): void;
}

export class CellDebugger implements vscode.Disposable {
  private readonly runs = new Map<string, DebugRun>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly controller: TlnbController) {
    const tracker: vscode.DebugAdapterTrackerFactory = { createDebugAdapterTracker: (session) => this.trackerFor(session) };
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('pwa-node', tracker),
      vscode.debug.registerDebugAdapterTrackerFactory('node', tracker),
      vscode.debug.onDidStartDebugSession((session) => {
        const run = this.runOf(session);
        if (run) run.live.set(session.id, session);
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        for (const run of this.runs.values()) run.live.delete(session.id);
      }),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Debugs `cell`; from a menu VS Code passes the cell, from the palette the active cell is taken. */
  async debug(cell: vscode.NotebookCell | undefined = activeCell()): Promise<DebugCellResult> {
    if (!cell || cell.notebook.notebookType !== NOTEBOOK_TYPE || cell.kind !== vscode.NotebookCellKind.Code) {
      return refuse('Debug Cell needs a code cell of a tlnb notebook: select one and run it again.');
    }
    const notebook = cell.notebook;
    if ([...this.runs.values()].some((run) => run.notebook === notebook)) {
      return refuse('A cell of this notebook is already being debugged: continue or stop that session first.');
    }
    let client: KernelClient;
    try {
      client = await this.controller.startedKernel(notebook);
    } catch (error) {
      if (error instanceof RestrictedModeError) {
        showRestrictedMessage();
        return { status: 'refused', message: error.message };
      }
      return fail(`Debug Cell: the kernel could not start: ${errorMessage(error)}`);
    }
    const id = randomUUID();
    const run = newRun(notebook);
    this.runs.set(id, run);
    try {
      await this.controller.select(notebook);
      const url = await client.inspector(true);
      if (!url) throw new Error('the kernel did not say where its inspector listens');
      const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
      const started = await vscode.debug.startDebugging(folder, attachConfiguration(id, url, `Debug Cell ${cell.index + 1}`));
      if (!started) throw new Error('VS Code\'s JavaScript debugger did not start: is the built-in extension "JavaScript Debugger" (ms-vscode.js-debug) enabled?');
      await withTimeout(run.ready, ATTACH_TIMEOUT_MS, `the JavaScript debugger did not attach to the kernel within ${ATTACH_TIMEOUT_MS / 1000} s`);
      return { status: 'done', success: await this.controller.runCells([cell]) };
    } catch (error) {
      return fail(`Debug Cell: ${errorMessage(error)}`);
    } finally {
      await endSessions(run);
      if (client.running) await client.inspector(false).catch(() => undefined);
      // A session still shown once the inspector is gone is stopped again (js-debug sees its socket close).
      if (run.live.size > 0) await endSessions(run);
      this.runs.delete(id);
    }
  }

  /** The run a session belongs to: its own configuration, or its parent's (js-debug's child session), names it. */
  private runOf(session: vscode.DebugSession): DebugRun | undefined {
    const key: unknown = session.configuration[RUN_KEY] ?? session.parentSession?.configuration[RUN_KEY];
    return typeof key === 'string' ? this.runs.get(key) : undefined;
  }

  private trackerFor(session: vscode.DebugSession): vscode.DebugAdapterTracker | undefined {
    const run = this.runOf(session);
    if (!run) return undefined;
    // js-debug attaches through a child session (with __pendingTargetId); that one takes the breakpoints.
    const attached = session.configuration.__pendingTargetId !== undefined;
    return {
      onWillReceiveMessage: (message) => rewriteToAdapter(message, run.lookup),
      onDidSendMessage: (message) => {
        rewriteToEditor(message, run.lookup);
        if (attached && isRecord(message) && message.type === 'response' && message.command === 'configurationDone') run.markReady();
      },
    };
  }
}

function attachConfiguration(id: string, websocketAddress: string, name: string): vscode.DebugConfiguration {
  return {
    type: 'pwa-node',
    request: 'attach',
    name,
    websocketAddress,
    [RUN_KEY]: id,
    // Cells' source maps arrive inline with each run: pause when one loads to bind breakpoints,
    // resolve them wherever they point, and scan no files on disk for others.
    sourceMaps: true,
    pauseForSourceMap: true,
    resolveSourceMapLocations: null,
    outFiles: [],
    // Processes a cell starts are not the cell: leave them alone.
    autoAttachChildProcesses: false,
    skipFiles: ['<node_internals>/**'],
    internalConsoleOptions: 'neverOpen',
  };
}

function newRun(notebook: vscode.NotebookDocument): DebugRun {
  const name = basename(notebook.uri.path);
  const lookup: CellSourceLookup = {
    pathForCell: (uri) => {
      const cell = notebook.getCells().find((c) => c.document.uri.toString() === uri);
      return cell ? debugSourcePath(uri, name) : undefined;
    },
    cellForPath: (path) => {
      const cell = notebook.getCells().find((c) => samePath(debugSourcePath(c.document.uri.toString(), name), path));
      return cell ? { uri: cell.document.uri.toString(), name: `Cell ${cell.index + 1}` } : undefined;
    },
  };
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  return { notebook, lookup, live: new Map(), ready, markReady };
}

/**
 * Stops every session of `run` still live, children first (VS Code stops a child with its parent
 * only when the child asked for that), and waits up to STOP_TIMEOUT_MS for all of them to end.
 */
async function endSessions(run: DebugRun): Promise<void> {
  const sessions = [...run.live.values()];
  const childrenFirst = [...sessions.filter((s) => s.parentSession), ...sessions.filter((s) => !s.parentSession)];
  for (const session of childrenFirst) await Promise.resolve(vscode.debug.stopDebugging(session)).catch(() => undefined);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (run.live.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** js-debug may change a Windows drive letter's case; paths on Windows compare without case. */
function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function activeCell(): vscode.NotebookCell | undefined {
  const editor = vscode.window.activeNotebookEditor;
  const index = editor?.selection.start;
  return editor && index !== undefined && index < editor.notebook.cellCount ? editor.notebook.cellAt(index) : undefined;
}

function refuse(message: string): DebugCellResult {
  void vscode.window.showInformationMessage(message);
  return { status: 'refused', message };
}

function fail(message: string): DebugCellResult {
  void vscode.window.showErrorMessage(message);
  return { status: 'error', message };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
