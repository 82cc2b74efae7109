// Starts a kernel process and speaks common/protocol.ts with it. Node-only (child_process): used by
// the VS Code extension, the `tlnb` CLI, the tests and the benchmark; never by the renderer.

import { errorMessage, unreachable } from '../guards';
import { fork, type ChildProcess } from 'node:child_process';
import { totalmem } from 'node:os';
import { Writable } from 'node:stream';
import {
  INTERRUPT_FD,
  PROTOCOL_VERSION,
  isKernelMessage,
  type BackendMessage,
  type CellErrorInfo,
  type ClientMessage,
  type ExecutionStatus,
  type InterruptRequest,
  type KernelLaunchOptions,
  type KernelMessage,
  type MemoryMessage,
  type ModelVariableInfo,
  type OutputItem,
  type ReplyMessage,
  type VariableInfo,
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
/**
 * The kernel runs in its own process group (POSIX), so that processes a cell starts — a `sleep`
 * from execSync, a server with inherited stdio — end with it instead of outliving the kernel and
 * keeping `tlnb run` or VS Code's pipes open. Windows has no process groups; there only the kernel ends.
 */
const OWN_PROCESS_GROUP = process.platform !== 'win32';
/** How long the processes a cell started get to exit after SIGTERM before SIGKILL. */
const GROUP_TERM_GRACE_MS = 1000;
/**
 * After the kernel and its group ended, how long its pipes may still deliver what was written before
 * they are closed: a process a cell started in a session of its own (detached) escapes the group and
 * may hold them open forever, which would keep `tlnb run` from exiting.
 */
const PIPE_DRAIN_MS = 500;
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
  /** Set by kill(): why tlnb itself ended the kernel, for the message of the cell that was running. */
  private killReason: string | undefined;
  private memoryAt = 0;
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
    // A pipe to a killed kernel can fail (ECONNRESET, EPIPE): that is the kernel's end, which 'exit'
    // reports; without a listener Node would throw the error and end tlnb run (or the extension host).
    for (const pipe of child.stdio) pipe?.on('error', () => {});
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (text: string) => {
        if (stream === 'stderr') this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
        for (const listener of this.outputListeners) listener(text, stream);
      });
    }
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        const info: KernelExit = { code, signal, reason: this.describeExit(code, signal), expected: this.shuttingDown || this.killReason !== undefined };
        this.exitInfo = info;
        resolveBackend({ type: 'backend', error: `the kernel exited before its backend was ready: ${info.reason}` });
        const error = this.killReason
          ? { name: 'KernelKilled', message: this.killReason, stack: `KernelKilled: ${this.killReason}` }
          : info.expected
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
        // Whatever ended the kernel, the processes its cells started have no one left to talk to.
        void this.endProcessGroup().then(() => {
          setTimeout(() => {
            for (const pipe of child.stdio) pipe?.destroy();
          }, PIPE_DRAIN_MS);
          resolve(info);
        });
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
      // TLNB_KERNEL_PROCESS_GROUP: the kernel leads its own group, so when this client disappears
      // without a shutdown it ends the group itself (kernel/main.ts).
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TLNB_KERNEL_PROCESS_GROUP: OWN_PROCESS_GROUP ? 'leader' : '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
      serialization: 'json',
      detached: OWN_PROCESS_GROUP,
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
      client.signalGroup('SIGKILL');
      throw new Error(`${errorMessage(error)}${tail ? `\n${tail}` : ''}`, { cause: error });
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
  execute(
    code: string,
    cellLabel: string,
    onEvent: (event: ExecutionEvent) => void = () => {},
    /** `debugSource`: run under the debugger's source map for the cell (Debug Cell; see ExecuteRequest). */
    options: { debugSource?: string } = {},
  ): { id: string; result: Promise<ExecutionResult> } {
    const id = `e${++this.nextId}`;
    if (this.exitInfo) {
      const reason = this.exitInfo.reason;
      return { id, result: Promise.resolve({ status: 'died', ms: 0, error: { name: 'KernelDied', message: `The kernel is not running: ${reason}.`, stack: `KernelDied: the kernel is not running: ${reason}.` } }) };
    }
    const result = new Promise<ExecutionResult>((resolve) => this.pending.set(id, { onEvent, resolve, displays: [] }));
    this.child.send({ type: 'execute', id, code, cellLabel, ...(options.debugSource ? { debugSource: options.debugSource } : {}) });
    return { id, result };
  }

  /** Interrupts execution `id` (default: whatever runs). Never kills the process. */
  interrupt(id?: string): void {
    const request: InterruptRequest = { type: 'interrupt', ...(id ? { id } : {}) };
    // The pipe reaches the kernel's interrupt worker even while a cell blocks the main thread;
    // IPC reaches a responsive main thread directly. The kernel ignores the duplicate.
    const pipe = this.child.stdio[INTERRUPT_FD];
    if (pipe instanceof Writable) pipe.write(`${JSON.stringify(request)}\n`);
    if (this.child.connected) this.child.send(request);
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

  /** The notebook's top-level names (the Variables view), or the cell that keeps the kernel busy. */
  async listVariables(timeoutMs = 5000): Promise<{ variables: VariableInfo[] } | { busy: string }> {
    const reply = await this.request({ type: 'list-variables', id: `q${++this.nextId}` }, timeoutMs);
    if (reply.busy !== undefined) return { busy: reply.busy };
    if (reply.variables) return { variables: reply.variables };
    throw new Error(reply.error ?? 'the kernel answered a list-variables request without variables');
  }

  /** How `variable` is shown when clicked (a model's graph, a tensor's values); rejects with the kernel's reason. */
  async inspectVariable(variable: string, timeoutMs = 10_000): Promise<{ items: OutputItem[] } | { busy: string }> {
    const reply = await this.request({ type: 'inspect-variable', id: `q${++this.nextId}`, variable }, timeoutMs);
    if (reply.busy !== undefined) return { busy: reply.busy };
    if (reply.inspected) return { items: reply.inspected };
    throw new Error(reply.error ?? 'the kernel answered an inspect-variable request without a value');
  }

  /** Saves the model in `variable` to a new folder `<dir>/<stem>` (or `<stem>-2`…); rejects with the kernel's reason, or after `timeoutMs`. */
  async saveModel(variable: string, dir: string, stem: string, timeoutMs = 60_000): Promise<SavedModel> {
    const reply = await this.request({ type: 'save-model', id: `q${++this.nextId}`, variable, dir, stem }, timeoutMs);
    if (reply.busy !== undefined) return { busy: reply.busy };
    if (reply.saved) return { saved: reply.saved };
    throw new Error(reply.error ?? 'the kernel answered a save-model request without saving');
  }

  /**
   * Opens the kernel's inspector on 127.0.0.1 and resolves with its WebSocket URL (for a debugger
   * to attach to), or closes it (`open: false`; resolves with undefined).
   */
  async inspector(open: boolean, timeoutMs = 10_000): Promise<string | undefined> {
    const reply = await this.request({ type: 'debugger', id: `q${++this.nextId}`, open }, timeoutMs);
    if (reply.debugger) return reply.debugger.url;
    throw new Error(reply.error ?? 'the kernel answered a debugger request without an answer');
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

  /**
   * Asks the kernel to exit; kills it if it has not within `graceMs`. Resolves once the kernel and
   * every process its cells started (its process group) have ended.
   */
  async shutdown(graceMs = 2000): Promise<KernelExit> {
    this.shuttingDown = true;
    if (this.exitInfo) return this.exited;
    if (this.child.connected) this.child.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    return info;
  }

  /**
   * Ends the kernel and the processes its cells started now, without asking: for a cell that does not
   * answer an interrupt (blocked in a system call, or it closed the interrupt pipe). `reason` becomes
   * the error of the execution that was running.
   */
  kill(reason: string): Promise<KernelExit> {
    if (!this.exitInfo) {
      this.killReason = reason;
      this.signalGroup('SIGKILL');
    }
    return this.exited;
  }

  /** Sends `signal` to the kernel's process group (the kernel and what its cells started); false when none is left. */
  private signalGroup(signal: NodeJS.Signals | 0): boolean {
    try {
      if (OWN_PROCESS_GROUP && this.pid > 0) process.kill(-this.pid, signal);
      else if (signal !== 0) this.child.kill(signal);
      else return this.exitInfo === undefined;
      return true;
    } catch {
      return false; // ESRCH: the group is empty
    }
  }

  /** After the kernel exited: SIGTERM to what is left of its group, SIGKILL after a grace period. */
  private async endProcessGroup(): Promise<void> {
    if (!OWN_PROCESS_GROUP || !this.signalGroup('SIGTERM')) return;
    const deadline = Date.now() + GROUP_TERM_GRACE_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (!this.signalGroup(0)) return;
    }
    this.signalGroup('SIGKILL');
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
        this.memoryAt = Date.now();
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
      case 'hello':
      case 'backend':
        return; // read by start() and the backend promise, through the listeners above
      default:
        // A KernelMessage type without a case is a compile error here.
        return unreachable(message, 'kernel message');
    }
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    const how = signal ? `it was killed by ${signal}` : `it exited with code ${code}`;
    const why: string[] = [];
    if (this.lastWords) why.push(this.lastWords);
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail)) {
      why.push('it ran out of memory (the JavaScript heap is full; dispose tensors you no longer need, or use smaller batches)');
    } else if (signal === 'SIGKILL' && !this.shuttingDown && !this.killReason) {
      why.push(`tlnb did not send it (another process or the system did)${this.memoryClue()}`);
    }
    const lastLine = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
    if (this.killReason) return `${how}: ${this.killReason}`;
    if (why.length === 0 && lastLine) why.push(`its last output: ${lastLine}`);
    return why.length > 0 ? `${how}: ${why.join('; ')}` : how;
  }

  /** What the last memory report says about an unexplained SIGKILL: only what is known. */
  private memoryClue(): string {
    const memory = this.memory;
    if (!memory) return '; no memory report had arrived, so whether it ran out of memory is unknown';
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
    const ago = Math.max(0, Math.round((Date.now() - this.memoryAt) / 1000));
    const total = totalmem();
    const parts = [`at the last memory report (${ago} s before) it used ${mb(memory.rssBytes)} of the machine's ${mb(total)}`];
    parts.push(memory.heapLimitBytes ? `with ${mb(memory.heapUsedBytes)} of its ${mb(memory.heapLimitBytes)} JavaScript heap` : `with ${mb(memory.heapUsedBytes)} of JavaScript heap`);
    const nearHeapLimit = memory.heapLimitBytes !== undefined && memory.heapUsedBytes > 0.8 * memory.heapLimitBytes;
    const largeShare = memory.rssBytes > 0.5 * total;
    const verdict =
      nearHeapLimit || largeShare
        ? `: ${nearHeapLimit ? 'near its heap limit' : 'much of the machine\'s memory'}, so the system's out-of-memory killer is a likely cause (its memory may have grown since)`
        : ': not near a limit then, so running out of memory is possible only if it grew fast since; check `dmesg` or the system log for "Out of memory"';
    return `; ${parts.join(' ')}${verdict}`;
  }
}
