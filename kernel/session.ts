// One notebook's kernel state: runs executions one at a time, in the order requested, and turns
// each into the protocol's stream / display / error / done messages. Interrupts end the running
// execution without touching what earlier cells defined.

import { errorStack } from '../common/guards';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import type { CellErrorInfo, DoneMessage, ExecuteRequest, ExecutionStatus, KernelMessage } from '../common/protocol';
import { createDisplay, isDisplayHandle, type DisplayFunction } from '../lib/display/display';
import { toOutputItems } from '../lib/display/mimeBundle';
import { bundleFor } from '../lib/display/richDisplay';
import { CellRegistry, describeSyntaxError, describeThrown, type CellRecord } from './errors/cellStack';
import type { ReplEvaluator } from './repl/replEvaluator';
import { recoverEngine } from './interrupt/recoverEngine';
import { STATE_SLOTS } from './interrupt/interruptState';
import { backendReady, loadedTf } from '../lib/tfInstance';
import { backendMemory } from './backendMemory';
import type { ActiveFit, LiveTrainingHost } from '../lib/training/liveTraining';
import { namesLegacyDecoratorTypes } from './transpile/decoratorMode';
import { transpileCell } from './transpile/transpileCell';
import { debugScriptUrl, withDebugSourceMap } from './debug/debugSourceMap';

/** While a cell runs (and yields), memory is reported this often, so the status bar follows a long fit. */
const MEMORY_REPORT_MS = 2000;

/** How long an interrupted fit may take to reach its next batch boundary before the cell is abandoned. */
const FIT_STOP_GRACE_MS = 3000;

export class InterruptedError extends Error {
  override name = 'Interrupted';
}

interface Execution {
  request: ExecuteRequest;
  seq: number;
  start: number;
  tensorsBefore: number | undefined;
  finished: boolean;
  interruptRequested: boolean;
  fits: Set<ActiveFit>;
}

export interface SessionIo {
  send(message: KernelMessage): void;
}

export class KernelSession implements LiveTrainingHost {
  readonly display: DisplayFunction;
  private readonly cells = new CellRegistry();
  /**
   * The execution whose code is running now, followed through timers, promises and callbacks that
   * code started: output and errors go to the cell that started the work, even after it ended.
   */
  private readonly origin = new AsyncLocalStorage<Execution>();
  private readonly queue: ExecuteRequest[] = [];
  private current: Execution | undefined;
  private seq = 0;
  private memoryTimer: NodeJS.Timeout | undefined;
  private displayCount = 0;
  /** Said once, in the first output of the next cell (the backend ladder's fallback note). */
  private pendingNote: string | undefined;
  private readonly displayPrefix = randomUUID().slice(0, 8);
  /** Set while a request from the client works on the notebook's variables: cells wait for it. */
  private held = false;
  /** Runs before each cell with its source (loads the built-in modules it names, see main.ts). */
  beforeCell: (code: string) => Promise<void> = async () => {};

  constructor(
    private readonly io: SessionIo,
    private readonly evaluator: ReplEvaluator,
    /** Shared with the interrupt worker; see interrupt/interruptState.ts. */
    private readonly state: Int32Array,
    private readonly isKernelFile: (file: string) => boolean,
    /** TypeScript's experimentalDecorators semantics for every cell (see transpile/decoratorMode.ts). */
    private legacyDecorators = false,
  ) {
    this.display = createDisplay(
      {
        show: (displayId, items) => this.io.send({ type: 'display', ...this.executionId(), displayId, items }),
        update: (displayId, items) => this.io.send({ type: 'update-display', displayId, items }),
      },
      () => this.newDisplayId(),
    );
  }

  execute(request: ExecuteRequest): void {
    this.queue.push(request);
    if (!this.current && !this.held) this.startNext();
  }

  /**
   * Runs `task` on the notebook's variables between cells (saving a model a cell defined), or
   * returns `{ busy }` with the running cell's label without running it. Cells requested meanwhile
   * wait until the task is done.
   */
  async whileIdle<T>(task: () => Promise<T>): Promise<{ done: T } | { busy: string }> {
    if (this.current || this.held) return { busy: this.current?.request.cellLabel ?? 'another request' };
    this.held = true;
    try {
      return { done: await task() };
    } finally {
      this.held = false;
      if (!this.current) this.startNext();
    }
  }

  /**
   * The id of the execution that owns output written now: the cell whose code started the work
   * that writes (a timer it set, a promise it made), else the running cell; absent between cells.
   */
  executionId(): { id?: string } {
    const owner = this.origin.getStore() ?? this.current;
    return owner ? { id: owner.request.id } : {};
  }

  get currentCellLabel(): string | undefined {
    return this.current?.request.cellLabel;
  }

  /** The label of the cell whose code is running now (directly, or through work it started). */
  get originCellLabel(): string | undefined {
    return (this.origin.getStore() ?? this.current)?.request.cellLabel;
  }

  /**
   * Soft interrupt, from a responsive main thread: a fit stops at its next batch boundary (the cell
   * then ends with an Interrupted error); any other wait is abandoned at once.
   */
  interrupt(id?: string): void {
    const execution = this.current;
    if (!execution || execution.finished || (id !== undefined && execution.request.id !== id)) return;
    execution.interruptRequested = true;
    // An interrupt that waited while the cell blocked this thread: the worker has terminated it.
    if (Atomics.load(this.state, STATE_SLOTS.terminatedSeq) === execution.seq) return this.terminated(execution.seq);
    if (execution.fits.size > 0) {
      for (const fit of execution.fits) {
        fit.stopRequested = true;
        fit.model.stopTraining = true;
      }
      setTimeout(() => this.abandon(execution, 'training did not reach a batch boundary in time; the cell was abandoned.'), FIT_STOP_GRACE_MS).unref();
      return;
    }
    this.abandon(execution, 'the cell was waiting and has been abandoned (work it started may still finish in the background).');
  }

  /** Hard interrupt: the interrupt worker terminated the JavaScript of execution `seq`. */
  terminated(seq: number): void {
    const execution = this.current;
    if (!execution || execution.finished || execution.seq !== seq) return;
    const tf = loadedTf();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs's protected LayersModel.isTraining, which a terminated fit leaves set
    for (const fit of execution.fits) (fit.model as unknown as { isTraining: boolean }).isTraining = false;
    if (tf) recoverEngine(tf);
    this.abandon(execution, 'the cell was stopped while running code that did not yield (such as a loop).');
  }

  /** Maps error frames in `file` (a transpiled local TypeScript module) to its lines, named `label`. */
  addSource(file: string, label: string, source: string, map: CellRecord['map']): void {
    this.cells.add(file, { label, source, map });
  }

  /** What a user reads about an error: cell-mapped stack, kernel frames removed. */
  describe(thrown: unknown): CellErrorInfo {
    return describeThrown(thrown, this.cells, this.isKernelFile, undefined, this.originCellLabel);
  }

  // ---- LiveTrainingHost ----

  show(bundle: Parameters<LiveTrainingHost['show']>[0]) {
    const displayId = this.newDisplayId();
    this.io.send({ type: 'display', ...this.executionId(), displayId, items: toOutputItems(bundle) });
    return { update: (next: typeof bundle) => this.io.send({ type: 'update-display', displayId, items: toOutputItems(next) }) };
  }

  fitStarted(fit: ActiveFit): void {
    const execution = this.current;
    if (!execution) return;
    execution.fits.add(fit);
    // An interrupt that came while the cell was between fits stops this one at its first batch.
    if (execution.interruptRequested) fit.stopRequested = true;
  }

  fitEnded(fit: ActiveFit): void {
    this.current?.fits.delete(fit);
  }

  interruptedError(message: string): Error {
    return new InterruptedError(message);
  }

  // ---- running ----

  private startNext(): void {
    const request = this.queue.shift();
    if (!request) return;
    const execution: Execution = {
      request,
      seq: ++this.seq,
      start: performance.now(),
      tensorsBefore: loadedTf()?.memory().numTensors,
      finished: false,
      interruptRequested: false,
      fits: new Set(),
    };
    this.current = execution;
    Atomics.store(this.state, STATE_SLOTS.seq, execution.seq);
    Atomics.store(this.state, STATE_SLOTS.running, 1);
    this.memoryTimer ??= setInterval(() => this.sendMemory(), MEMORY_REPORT_MS).unref();
    void this.run(execution).catch((error: unknown) => {
      this.fail(execution, { name: 'KernelError', message: String(error), stack: `tlnb kernel error: ${errorStack(error)}` });
    });
  }

  /** Shows `note` once, as the first output of the next cell that runs (or the one running). */
  noteOnce(note: string): void {
    this.pendingNote = note;
    if (this.current && !this.current.finished) this.flushNote(this.current);
  }

  private flushNote(execution: Execution): void {
    if (this.pendingNote === undefined) return;
    this.io.send({ type: 'display', id: execution.request.id, displayId: this.newDisplayId(), items: toOutputItems({ 'text/plain': this.pendingNote }) });
    this.pendingNote = undefined;
  }

  private async run(execution: Execution): Promise<void> {
    this.flushNote(execution);
    const { code, cellLabel, debugSource } = execution.request;
    // A cell that names tfjs waits for the backend, and built-in modules it names are loaded, so
    // `require('@tensorflow/tfjs')` and `require('tlnb')` work as their first use.
    if (/@tensorflow\//.test(code)) await backendReady().catch(() => undefined);
    await this.beforeCell(code);
    if (execution.finished) return;

    // Debug Cell names its script and source map so the attached debugger maps it to the cell.
    const fileName = debugSource ? debugScriptUrl(debugSource, execution.seq) : `tlnb-cell-${execution.seq}.ts`;
    const transpiled = await transpileCell(code, fileName, this.legacyDecorators || namesLegacyDecoratorTypes(code));
    if (execution.finished) return;
    if (!transpiled.ok) return this.fail(execution, describeSyntaxError(transpiled.error, cellLabel, code));
    if (transpiled.legacyDecorators && !this.legacyDecorators) {
      this.legacyDecorators = true;
      this.io.send({ type: 'log', level: 'info', text: `${cellLabel} uses TypeScript's experimentalDecorators; later cells are transpiled with them too` });
    }
    this.cells.add(fileName, { label: cellLabel, source: code, map: transpiled.map });

    // Not evaluated inside an AsyncLocalStorage context (`origin`): on Node 20 an interrupt that
    // terminates a cell's code in a promise continuation under async hooks aborts the process
    // (SIGABRT), so output is routed to the running cell as before (docs/kernel.md).
    const outcome = await this.evaluator
      .evaluate(debugSource ? withDebugSourceMap(transpiled.code, transpiled.map, code, debugSource) : transpiled.code)
      .catch((error: Error) => {
        // The inspector reports a terminated evaluation as a failed command.
        if (/Execution was terminated/.test(error.message)) return undefined;
        throw error;
      });
    if (execution.finished) return;
    if (!outcome) return this.terminated(execution.seq);
    // Rejections the cell's last statements left unhandled are reported once the microtask queue
    // drains; let that happen while this cell is still the one running, so they show in it.
    await new Promise((resolve) => setImmediate(resolve));
    if (execution.finished) return;
    if (!outcome.ok) {
      const error = describeThrown(outcome.thrown, this.cells, this.isKernelFile, outcome.location);
      return execution.interruptRequested || outcome.thrown instanceof InterruptedError
        ? this.finish(execution, 'interrupted', error)
        : this.fail(execution, error);
    }
    if (outcome.value !== undefined && !isDisplayHandle(outcome.value)) {
      try {
        this.io.send({ type: 'display', id: execution.request.id, displayId: this.newDisplayId(), items: toOutputItems(bundleFor(outcome.value, 'result')) });
      } catch (error) {
        return this.fail(execution, describeThrown(error, this.cells, this.isKernelFile));
      }
    }
    this.finish(execution, 'ok');
  }

  private newDisplayId(): string {
    return `${this.displayPrefix}-${++this.displayCount}`;
  }

  private abandon(execution: Execution, message: string): void {
    if (execution.finished) return;
    this.finish(execution, 'interrupted', { name: 'Interrupted', message, stack: `Interrupted: ${message}` });
  }

  private fail(execution: Execution, error: CellErrorInfo): void {
    this.finish(execution, 'error', error);
  }

  private finish(execution: Execution, status: ExecutionStatus, error?: CellErrorInfo): void {
    if (execution.finished) return;
    execution.finished = true;
    const id = execution.request.id;
    if (error) this.io.send({ type: 'error', id, error });
    const tf = loadedTf();
    const tensorsAfter = tf?.memory().numTensors;
    const done: DoneMessage = { type: 'done', id, status, ms: performance.now() - execution.start };
    if (tensorsAfter !== undefined) done.tensorDelta = tensorsAfter - (execution.tensorsBefore ?? 0);
    Atomics.store(this.state, STATE_SLOTS.running, 0);
    this.current = undefined;
    this.io.send(done);
    this.sendMemory();
    if (this.queue.length === 0) {
      clearInterval(this.memoryTimer);
      this.memoryTimer = undefined;
    }
    this.startNext();
  }

  sendMemory(): void {
    const tf = loadedTf();
    const usage = process.memoryUsage();
    this.io.send({
      type: 'memory',
      ...(tf ? backendMemory(tf) : {}),
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      heapLimitBytes: getHeapStatistics().heap_size_limit,
    });
  }
}
