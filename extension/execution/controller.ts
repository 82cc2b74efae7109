// The NotebookController for tlnb notebooks: runs cells in the notebook's kernel, in order,
// stopping a run at the first cell that fails; interrupts without losing state, and offers a
// restart when the kernel does not answer an interrupt. A closed notebook's kernel runs on for
// tlnb.shutdownClosedKernelAfterMinutes (reopening the notebook finds its variables), then ends.

import { errorMessage } from '../../common/guards';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { KernelClient } from '../../common/node/kernelClient';
import { debugSourcePath } from '../debug/cellSources';
import { NOTEBOOK_TYPE } from '../serializer';
import { CellTensorMarks } from './cellTensorMarks';
import type { LiveTrainingUpdates } from './liveTrainingUpdates';
import { KernelProcess } from './kernelProcess';
import { OutputWriter } from './outputWriter';
import { assertTrusted } from './workspaceTrust';

/** How long an interrupt may take before the user is offered a restart. */
const INTERRUPT_ANSWER_MS = 5000;

/** This extension's identifier (package.json's publisher.name), as notebook.selectKernel takes it. */
const EXTENSION_ID = 'tlnb.tlnb';

export const CLOSED_KERNEL_SETTING = 'shutdownClosedKernelAfterMinutes';
const CLOSED_KERNEL_DEFAULT_MINUTES = 10;

/** The setting's minutes as a delay: 0, a negative or a non-number value shuts down at once. */
export function closedKernelDelayMs(minutes: unknown): number {
  return typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0 ? Math.min(minutes, 24 * 60) * 60_000 : 0;
}

export class TlnbController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly kernels = new Map<string, KernelProcess>();
  /** The execution in progress per notebook, for interrupts. */
  private readonly running = new Map<string, { id: string; client: KernelClient }>();
  /** Per notebook: run requests one after another, so a cell shows as running only when it runs. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Per notebook: bumped by every interrupt; requests queued before it are dropped. */
  private readonly interrupts = new Map<string, number>();
  /** Per closed notebook with a running kernel: the timer that shuts the kernel down. */
  private readonly closeTimers = new Map<string, NodeJS.Timeout>();
  private readonly kernelEmitter = new vscode.EventEmitter<KernelProcess>();
  /** The writer of each cell's latest execution, which keeps receiving that execution's late output. */
  private readonly writers = new WeakMap<vscode.NotebookCell, OutputWriter>();
  /** Whether each cell's latest run succeeded, by cell URI (VS Code's executionSummary follows later). */
  private readonly outcomes = new Map<string, boolean>();
  /** The notebooks (by URI) that have this controller selected as their kernel. */
  private readonly selectedNotebooks = new Set<string>();
  private readonly selectionEmitter = new vscode.EventEmitter<void>();
  private readonly selectionListener: vscode.Disposable;
  /** Asked before a cell runs; a message refuses the run (tlnb.typeCheckBeforeRun, extension/intellisense). */
  runCheck: ((cell: vscode.NotebookCell) => string | undefined) | undefined;
  /** Fires when a notebook's kernel is created (to follow its status). */
  readonly onKernel = this.kernelEmitter.event;

  constructor(
    private readonly log: vscode.OutputChannel,
    private readonly marks: CellTensorMarks,
    private readonly liveTraining?: LiveTrainingUpdates,
  ) {
    this.controller = vscode.notebooks.createNotebookController('tlnb-kernel', NOTEBOOK_TYPE, 'tlnb TypeScript');
    this.controller.supportedLanguages = ['typescript', 'javascript'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'TypeScript in a Node kernel with TensorFlow.js';
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    this.controller.interruptHandler = (notebook) => this.interrupt(notebook);
    this.selectionListener = this.controller.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
      if (selected) this.selectedNotebooks.add(notebook.uri.toString());
      else this.selectedNotebooks.delete(notebook.uri.toString());
      this.selectionEmitter.fire();
    });
  }

  kernelFor(notebook: vscode.NotebookDocument): KernelProcess | undefined {
    return this.kernels.get(notebook.uri.toString());
  }

  /** The kernels of open notebooks, started or not (KernelProcess.started() tells). */
  notebookKernels(): KernelProcess[] {
    return [...this.kernels.values()];
  }

  /** Throws RestrictedModeError in an untrusted workspace, before any kernel object exists. */
  async restart(notebook: vscode.NotebookDocument): Promise<void> {
    assertTrusted();
    this.marks.clear(notebook);
    await this.kernel(notebook).restart();
  }

  /** The notebook's kernel, started if none runs. Throws RestrictedModeError in an untrusted workspace. */
  async startedKernel(notebook: vscode.NotebookDocument): Promise<KernelClient> {
    assertTrusted();
    return this.kernel(notebook).get();
  }

  /**
   * Makes this controller the notebook's kernel, as Run does on a notebook's first run. Code that
   * runs cells itself (Debug Cell) needs it first: VS Code refuses a cell execution from a
   * controller the notebook has not selected ("notebook controller is NOT associated").
   */
  async select(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    if (this.selectedNotebooks.has(key)) return;
    const selected = new Promise<void>((resolve) => {
      const listener = this.selectionEmitter.event(() => {
        if (!this.selectedNotebooks.has(key)) return;
        listener.dispose();
        resolve();
      });
    });
    const notebookEditor = vscode.window.visibleNotebookEditors.find((editor) => editor.notebook === notebook);
    await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor, id: this.controller.id, extension: EXTENSION_ID });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 10_000)));
    const late = await Promise.race([selected.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late && !this.selectedNotebooks.has(key)) {
      throw new Error('tlnb TypeScript is not this notebook\'s kernel: pick it with "Select Kernel" in the notebook toolbar, then try again');
    }
  }

  /** Runs `cells` as Run does, queued after what runs; resolves when they have ended, true if all succeeded (Debug Cell). */
  async runCells(cells: vscode.NotebookCell[]): Promise<boolean> {
    if (cells.length === 0) return true;
    await this.select(cells[0]!.notebook);
    for (const cell of cells) this.outcomes.delete(cell.document.uri.toString());
    await this.execute(cells, cells[0]!.notebook);
    return cells.every((cell) => this.outcomes.get(cell.document.uri.toString()) === true);
  }

  /**
   * The notebook was closed: its kernel (if one runs) is shut down once it has stayed closed for
   * tlnb.shutdownClosedKernelAfterMinutes, at once when that is 0; reopening it keeps the kernel.
   * A second close event while the time runs (the tab, then the document) leaves it running.
   */
  closed(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    const kernel = this.kernels.get(key);
    if (!kernel || this.closeTimers.has(key)) return;
    const delayMs = closedKernelDelayMs(vscode.workspace.getConfiguration('tlnb', notebook.uri).get(CLOSED_KERNEL_SETTING, CLOSED_KERNEL_DEFAULT_MINUTES));
    const name = vscode.workspace.asRelativePath(notebook.uri);
    const shutDown = () => {
      this.closeTimers.delete(key);
      if (this.kernels.get(key) !== kernel) return;
      this.kernels.delete(key);
      this.queues.delete(key);
      this.interrupts.delete(key);
      if (delayMs > 0) this.log.appendLine(`[${name}] notebook closed for ${delayMs / 60_000} min: shutting its kernel down`);
      kernel.dispose();
    };
    if (delayMs === 0) return shutDown();
    this.log.appendLine(`[${name}] notebook closed: its kernel stops in ${delayMs / 60_000} min unless the notebook is opened again (setting tlnb.${CLOSED_KERNEL_SETTING})`);
    this.closeTimers.set(key, setTimeout(shutDown, delayMs));
  }

  /** Opened again before its closed-notebook shutdown: the same kernel goes on, for the new document. */
  opened(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    const timer = this.closeTimers.get(key);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.closeTimers.delete(key);
      this.log.appendLine(`[${vscode.workspace.asRelativePath(notebook.uri)}] notebook opened again: its kernel goes on`);
    }
    const kernel = this.kernels.get(key);
    if (kernel && kernel.notebook !== notebook) kernel.notebook = notebook;
  }

  /**
   * The editor tabs changed. VS Code keeps a notebook's document open well after its last tab
   * closed (onDidCloseNotebookDocument may come minutes later, or not while an extension holds it),
   * so a notebook counts as closed when no tab shows it, and as opened again when one does.
   */
  tabsChanged(): void {
    const shown = new Set(
      vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.input)).flatMap((input) => (input instanceof vscode.TabInputNotebook ? [input.uri.toString()] : [])),
    );
    for (const [key, kernel] of this.kernels) {
      if (shown.has(key)) this.opened(vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === key) ?? kernel.notebook);
      else this.closed(kernel.notebook);
    }
  }

  dispose(): void {
    for (const timer of this.closeTimers.values()) clearTimeout(timer);
    this.closeTimers.clear();
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
    this.selectionListener.dispose();
    this.controller.dispose();
    this.kernelEmitter.dispose();
    this.selectionEmitter.dispose();
  }

  private kernel(notebook: vscode.NotebookDocument): KernelProcess {
    const key = notebook.uri.toString();
    this.opened(notebook);
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = new KernelProcess(notebook, this.log);
      this.kernels.set(key, kernel);
      this.kernelEmitter.fire(kernel);
    }
    return kernel;
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    // Late output of the cells' previous runs stops (and a temporary execution for it ends first).
    await Promise.all(cells.flatMap((cell) => this.writers.get(cell)?.retire() ?? []));
    // Every cell shows as queued at once; cells after a failure end without a result.
    const executions = cells.map((cell) => this.controller.createNotebookCellExecution(cell));
    const key = notebook.uri.toString();
    const generation = this.interrupts.get(key) ?? 0;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = () => this.runQueued(executions, notebook, generation);
    const next = previous.then(run, run);
    this.queues.set(key, next);
    return next;
  }

  private async runQueued(executions: vscode.NotebookCellExecution[], notebook: vscode.NotebookDocument, generation: number): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      for (const execution of executions) await this.refuseUntrusted(execution);
      return;
    }
    const kernel = this.kernel(notebook);
    const key = notebook.uri.toString();
    let stop = false;
    let next = 0;
    try {
      for (; next < executions.length; next++) {
        const execution = executions[next]!;
        stop ||= (this.interrupts.get(key) ?? 0) !== generation;
        if (stop) {
          execution.end(undefined);
          continue;
        }
        stop = !(await this.runCell(execution, kernel));
      }
    } finally {
      // A run that failed half-way (the notebook closed under it) leaves no cell queued or running.
      for (const execution of executions.slice(next)) {
        try {
          execution.end(undefined);
        } catch {
          // already ended
        }
      }
    }
  }

  private async runCell(execution: vscode.NotebookCellExecution, kernel: KernelProcess): Promise<boolean> {
    const cell = execution.cell;
    execution.start(Date.now());
    await execution.clearOutput();
    const writer = new OutputWriter(execution, this.liveTraining);
    this.writers.set(cell, writer);
    const refusal = this.runCheck?.(cell);
    if (refusal) {
      writer.error({ name: 'TypeCheckFailed', message: refusal, stack: refusal });
      await writer.flush();
      execution.end(false, Date.now());
      return false;
    }
    let client: KernelClient;
    try {
      client = await kernel.get();
    } catch (error) {
      writer.error({ name: 'KernelStartError', message: errorMessage(error), stack: `The kernel could not start: ${errorMessage(error)}` });
      await writer.flush();
      execution.end(false, Date.now());
      return false;
    }
    execution.executionOrder = ++kernel.executionOrder;
    // Every run names the cell's debug path in its source map, so a debugger attached later (Debug
    // Cell, extension/debug/) binds breakpoints in functions this cell defines, too.
    const debugSource = debugSourcePath(cell.document.uri.toString(), basename(cell.notebook.uri.path));
    const { id, result } = client.execute(cell.document.getText(), `Cell ${cell.index + 1}`, (event) => writer.add(event), { debugSource });
    const key = cell.notebook.uri.toString();
    this.running.set(key, { id, client });
    const outcome = await result;
    this.running.delete(key);
    if (outcome.status === 'died' && outcome.error) writer.error(outcome.error);
    await writer.flush();
    this.marks.set(cell, outcome.tensorDelta);
    execution.end(outcome.status === 'ok', Date.now());
    this.outcomes.set(cell.document.uri.toString(), outcome.status === 'ok');
    writer.ended(() => this.lateExecution(cell));
    return outcome.status === 'ok';
  }

  /** A short-lived execution of a finished cell, for output its code writes later; none while it runs again or once deleted. */
  private lateExecution(cell: vscode.NotebookCell): vscode.NotebookCellExecution | undefined {
    if (cell.index < 0 || cell.notebook.isClosed) return undefined;
    try {
      return this.controller.createNotebookCellExecution(cell);
    } catch {
      return undefined; // the cell is queued or running again
    }
  }

  private async interrupt(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    this.interrupts.set(key, (this.interrupts.get(key) ?? 0) + 1);
    const running = this.running.get(key);
    if (!running) return;
    running.client.interrupt(running.id);
    await new Promise((resolve) => setTimeout(resolve, INTERRUPT_ANSWER_MS));
    if (this.running.get(key)?.id !== running.id) return;
    const restart = 'Restart Kernel';
    const choice = await vscode.window.showWarningMessage(
      `The tlnb kernel has not stopped the running cell ${INTERRUPT_ANSWER_MS / 1000} s after the interrupt. Restart it? Its variables will be lost.`,
      restart,
    );
    if (choice === restart) await this.restart(notebook);
  }

  private async refuseUntrusted(execution: vscode.NotebookCellExecution): Promise<void> {
    execution.start(Date.now());
    const message =
      'tlnb does not run cells in Restricted Mode: running a cell executes code from this notebook on your machine. ' +
      'Trust the workspace to run cells: Manage Workspace Trust.';
    await execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(Object.assign(new Error(message), { name: 'RestrictedMode', stack: message }))]));
    execution.end(false, Date.now());
  }
}
