// Starts a kernel process and speaks common/protocol.ts with it. Node-only (child_process): used by
// the VS Code extension, the `tlnb` CLI, the tests and the benchmark; never by the renderer.

import { fork, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import {
  INTERRUPT_FD,
  PROTOCOL_VERSION,
  isKernelMessage,
  type BackendMessage,
  type CellErrorInfo,
  type ClientMessage,
  type ExecutionStatus,
  type KernelLaunchOptions,
  type KernelMessage,
  type MemoryMessage,
  type ModelVariableInfo,
  type ReplyMessage,
} from '../protocol';

export interface KernelStartOptions {
  /** Path of the kernel bundle, dist/kernel.js. */
  kernelPath: string;
  /** The Node (or Electron run as Node) to start it with; default: the one running this code. */
  nodePath?: string;
  launch: Omit<KernelLaunchOptions, 'protocol'>;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
  /** How long to wait for the kernel's `hello` (default 30 s). */
  startTimeoutMs?: number;
}

/** Messages that belong to one execution, in the order the kernel sent them. */
export type ExecutionEvent = Extract<KernelMessage, { type: 'stream' | 'display' | 'update-display' | 'error' }>;

export interface ExecutionResult {
  /** `died`: the kernel process ended during the execution (see `error` for why). */
  status: ExecutionStatus | 'died';
  ms: number;
  tensorDelta?: number;
  error?: CellErrorInfo;
}

export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** In words: the exit code or signal and what the kernel or its stderr said about it. */
  reason: string;
  /** True when shutdown() asked for it. */
  expected: boolean;
}

interface PendingExecution {
  onEvent: (event: ExecutionEvent) => void;
  resolve: (result: ExecutionResult) => void;
  error?: CellErrorInfo;
  displays: string[];
}

const STDERR_TAIL_CHARS = 4000;
/** Finished executions whose late output (timers a cell set, display updates) is still delivered. */
const LATE_EXECUTIONS = 1000;

/** What a kernel said to a list-models request: the models, or the cell that keeps it busy. */
export type ModelList = { models: ModelVariableInfo[] } | { busy: string };
/** What a kernel said to a save-model request. */
export type SavedModel = { saved: { folder: string; modelFile: string } } | { busy: string };

export class KernelClient {
  /** Resolves with the backend report (or the reason there is none) once the backend ladder ran. */
  readonly backend: Promise<BackendMessage>;
  /** The latest memory report. */
  memory: MemoryMessage | undefined;
  /** Resolves when the process has exited. */
  readonly exited: Promise<KernelExit>;
  readonly pid: number;

  private readonly pending = new Map<string, PendingExecution>();
  /** Executions that have ended, newest last: output that code they started writes later still reaches them. */
  private readonly finished = new Map<string, PendingExecution>();
  private readonly replies = new Map<string, (reply: ReplyMessage | Error) => void>();
  /** Which execution made each display, so its updates reach the same listener. */
  private readonly displayOwners = new Map<string, string>();
  private readonly listeners = new Set<(message: KernelMessage) => void>();
  private readonly outputListeners = new Set<(text: string, stream: 'stdout' | 'stderr') => void>();
  private stderrTail = '';
  private lastWords: string | undefined;
  private exitInfo: KernelExit | undefined;
  private shuttingDown = false;
  private nextId = 0;

  private constructor(private readonly child: ChildProcess) {
    this.pid = child.pid ?? -1;
    let resolveBackend!: (message: BackendMessage) => void;
    this.backend = new Promise((resolve) => (resolveBackend = resolve));
    child.on('message', (message: unknown) => {
      if (!isKernelMessage(message)) return;
      if (message.type === 'backend') resolveBackend(message);
      this.route(message);
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (text: string) => {
        if (stream === 'stderr') this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
        for (const listener of this.outputListeners) listener(text, stream);
      });
    }
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        const info: KernelExit = { code, signal, reason: this.describeExit(code, signal), expected: this.shuttingDown };
        this.exitInfo = info;
        resolveBackend({ type: 'backend', error: `the kernel exited before its backend was ready: ${info.reason}` });
        const error = info.expected
          ? { name: 'KernelStopped', message: 'The kernel was shut down (a restart?) while this cell ran.', stack: 'KernelStopped: the kernel was shut down (a restart?) while this cell ran.' }
          : {
              name: 'KernelDied',
              message: `The kernel died: ${info.reason}. Its variables are gone; the next run starts a fresh kernel.`,
              stack: `KernelDied: the kernel died: ${info.reason}.\nIts variables are gone; the next run starts a fresh kernel.`,
            };
        for (const [, execution] of this.pending) execution.resolve({ status: 'died', ms: 0, error });
        this.pending.clear();
        for (const [, answer] of this.replies) answer(new Error(`the kernel stopped before it answered: ${info.reason}`));
        this.replies.clear();
        resolve(info);
      });
    });
  }

  /** Starts a kernel and resolves once it has said hello with the same protocol version. */
  static async start(options: KernelStartOptions): Promise<KernelClient> {
    const launch: KernelLaunchOptions = { protocol: PROTOCOL_VERSION, ...options.launch };
    const child = fork(options.kernelPath, [JSON.stringify(launch)], {
      cwd: options.launch.notebookDir,
      execPath: options.nodePath ?? process.execPath,
      // Never inherit the parent's flags: VS Code's extension host runs with inspector flags.
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
      serialization: 'json',
    });
    const hello = new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`the kernel did not start within ${(options.startTimeoutMs ?? 30_000) / 1000} s`)), options.startTimeoutMs ?? 30_000);
      const fail = (error: Error) => {
        clearTimeout(timeout);
        reject(error);
      };
      child.once('error', (error) => fail(new Error(`could not start the kernel with ${options.nodePath ?? process.execPath}: ${error.message}`)));
      child.once('exit', (code, signal) => fail(new Error(`the kernel exited while starting (${signal ?? `exit code ${code}`})`)));
      child.on('message', function onHello(message: unknown) {
        if (!isKernelMessage(message) || message.type !== 'hello') return;
        child.off('message', onHello);
        clearTimeout(timeout);
        if (message.protocol !== PROTOCOL_VERSION) {
          child.kill();
          reject(new Error(`the kernel speaks protocol ${message.protocol}, this client ${PROTOCOL_VERSION}: rebuild so both come from the same build`));
        } else {
          resolve();
        }
      });
    });
    const client = new KernelClient(child);
    try {
      await hello;
    } catch (error) {
      // Read what the kernel wrote before it failed, for the message.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const tail = client.stderrTail.trim();
      child.kill();
      throw new Error(`${(error as Error).message}${tail ? `\n${tail}` : ''}`);
    }
    return client;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /**
   * Runs code in the kernel. `onEvent` receives this execution's outputs as they arrive, and keeps
   * receiving, after it resolved, what code it started writes later (a timer's output or error, an
   * update of one of its displays from anywhere). Resolves when the kernel says done, or with
   * status `died` if the process ends first.
   */
  execute(code: string, cellLabel: string, onEvent: (event: ExecutionEvent) => void = () => {}): { id: string; result: Promise<ExecutionResult> } {
    const id = `e${++this.nextId}`;
    if (this.exitInfo) {
      const reason = this.exitInfo.reason;
      return { id, result: Promise.resolve({ status: 'died', ms: 0, error: { name: 'KernelDied', message: `The kernel is not running: ${reason}.`, stack: `KernelDied: the kernel is not running: ${reason}.` } }) };
    }
    const result = new Promise<ExecutionResult>((resolve) => this.pending.set(id, { onEvent, resolve, displays: [] }));
    this.child.send({ type: 'execute', id, code, cellLabel });
    return { id, result };
  }

  /** Interrupts execution `id` (default: whatever runs). Never kills the process. */
  interrupt(id?: string): void {
    const message = JSON.stringify({ type: 'interrupt', ...(id ? { id } : {}) });
    // The pipe reaches the kernel's interrupt worker even while a cell blocks the main thread;
    // IPC reaches a responsive main thread directly. The kernel ignores the duplicate.
    (this.child.stdio[INTERRUPT_FD] as Writable | null)?.write(`${message}\n`);
    if (this.child.connected) this.child.send(JSON.parse(message) as object);
  }

  /**
   * The variables that hold a tf.LayersModel, or `busy` with the running cell's label. Rejects when
   * the kernel has not answered within `timeoutMs` (a cell that never yields blocks its main thread).
   */
  async listModels(timeoutMs = 5000): Promise<ModelList> {
    const reply = await this.request({ type: 'list-models', id: `q${++this.nextId}` }, timeoutMs);
    if (reply.busy !== undefined) return { busy: reply.busy };
    if (reply.models) return { models: reply.models };
    throw new Error(reply.error ?? 'the kernel answered a list-models request without models');
  }

  /** Saves the model in `variable` to a new folder `<dir>/<stem>` (or `<stem>-2`…); rejects with the kernel's reason, or after `timeoutMs`. */
  async saveModel(variable: string, dir: string, stem: string, timeoutMs = 60_000): Promise<SavedModel> {
    const reply = await this.request({ type: 'save-model', id: `q${++this.nextId}`, variable, dir, stem }, timeoutMs);
    if (reply.busy !== undefined) return { busy: reply.busy };
    if (reply.saved) return { saved: reply.saved };
    throw new Error(reply.error ?? 'the kernel answered a save-model request without saving');
  }

  private request(message: ClientMessage & { id: string }, timeoutMs: number): Promise<ReplyMessage> {
    if (this.exitInfo) return Promise.reject(new Error(`the kernel is not running: ${this.exitInfo.reason}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(message.id);
        reject(new Error(`the kernel did not answer within ${timeoutMs / 1000} s: a cell may be running code that never yields (such as a loop); wait or interrupt it`));
      }, timeoutMs);
      this.replies.set(message.id, (reply) => {
        clearTimeout(timer);
        this.replies.delete(message.id);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      });
      this.child.send(message);
    });
  }

  /** Asks the kernel to exit; kills it if it has not within `graceMs`. */
  async shutdown(graceMs = 2000): Promise<KernelExit> {
    this.shuttingDown = true;
    if (this.exitInfo) return this.exitInfo;
    if (this.child.connected) this.child.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    return info;
  }

  /** Every message from the kernel, including those routed to executions. */
  onMessage(listener: (message: KernelMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the process writes to its real stdout/stderr (native code, Node's own warnings). */
  onOutput(listener: (text: string, stream: 'stdout' | 'stderr') => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  private route(message: KernelMessage): void {
    for (const listener of this.listeners) listener(message);
    switch (message.type) {
      case 'memory':
        this.memory = message;
        return;
      case 'log':
        if (message.level === 'error') this.lastWords = message.text;
        return;
      case 'reply':
        this.replies.get(message.id)?.(message);
        return;
      case 'stream':
      case 'display':
      case 'error': {
        const execution = message.id ? (this.pending.get(message.id) ?? this.finished.get(message.id)) : undefined;
        if (message.type === 'display' && execution) {
          this.displayOwners.set(message.displayId, message.id!);
          execution.displays.push(message.displayId);
        }
        if (message.type === 'error' && execution && this.pending.has(message.id)) execution.error = message.error;
        execution?.onEvent(message);
        return;
      }
      case 'update-display': {
        const owner = this.displayOwners.get(message.displayId);
        if (owner) (this.pending.get(owner) ?? this.finished.get(owner))?.onEvent(message);
        return;
      }
      case 'done': {
        const execution = this.pending.get(message.id);
        if (!execution) return;
        this.pending.delete(message.id);
        this.finished.set(message.id, execution);
        if (this.finished.size > LATE_EXECUTIONS) {
          const [oldest, old] = this.finished.entries().next().value!;
          this.finished.delete(oldest);
          for (const displayId of old.displays) this.displayOwners.delete(displayId);
        }
        const result: ExecutionResult = { status: message.status, ms: message.ms };
        if (message.tensorDelta !== undefined) result.tensorDelta = message.tensorDelta;
        if (execution.error) result.error = execution.error;
        execution.resolve(result);
        return;
      }
      default:
        return;
    }
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    const how = signal ? `it was killed by ${signal}` : `it exited with code ${code}`;
    const why: string[] = [];
    if (this.lastWords) why.push(this.lastWords);
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail)) {
      why.push('it ran out of memory (the JavaScript heap is full; dispose tensors you no longer need, or use smaller batches)');
    } else if (signal === 'SIGKILL' && !this.shuttingDown) {
      why.push('the system may have killed it for using too much memory');
    }
    const lastLine = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
    if (why.length === 0 && lastLine) why.push(`its last output: ${lastLine}`);
    return why.length > 0 ? `${how}: ${why.join('; ')}` : how;
  }
}
