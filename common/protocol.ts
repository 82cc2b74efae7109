// The messages between a tlnb kernel process and whoever started it (the VS Code extension, the
// `tlnb` CLI, tests). Defined once here; both sides import these types.
//
// Transport (see common/node/kernelClient.ts for the client side):
// - The kernel is a Node child process started with `child_process.fork`, so it has Node's IPC
//   channel; every message below except `interrupt` travels over it as one JSON message.
//   Inside VS Code the Node is the one running the extension host (`process.execPath` with
//   ELECTRON_RUN_AS_NODE=1), or the `tlnb.nodePath` setting.
// - `interrupt` travels on a second channel: a pipe at stdio index INTERRUPT_FD, one JSON message
//   per line. The kernel reads it on a worker thread, because a cell stuck in `while (true) {}`
//   blocks the main thread and with it the IPC channel.
// - The kernel's stdout/stderr carry only what native code writes directly to the file
//   descriptors; everything JavaScript writes arrives as `stream` messages.
//
// Versioning: the kernel's first message is `hello` with its PROTOCOL_VERSION. A client refuses a
// kernel whose version differs (they ship together, so a mismatch means a stale build).

import type { BackendPreference, BackendReport } from './backends';
import { hasType } from './guards';

// 2: list-models / save-model requests and their reply (a model in a variable, for the fine-tune).
// 3: stream / display / error messages name the execution whose code wrote them (the cell that set
//    the timer), which may have ended: clients apply them to that cell's output, as they do
//    update-display messages for displays of finished executions.
// 4: `execute` may carry `debugSource` (Debug Cell); the `debugger` request opens or closes the
//    kernel's inspector port for VS Code's JavaScript debugger.
// 5: list-variables / inspect-variable requests and their reply (the Variables view).
export const PROTOCOL_VERSION = 5;

/** stdio index of the interrupt pipe (0-2 are stdin/out/err, 3 is the IPC channel). */
export const INTERRUPT_FD = 4;

/** How the kernel is started; passed as one JSON argument on its command line. */
export interface KernelLaunchOptions {
  protocol: typeof PROTOCOL_VERSION;
  backend: BackendPreference;
  /** The notebook's folder: the working directory and the first place imports resolve from. */
  notebookDir: string;
  /** The notebook file, for `__filename` in cells; absent for an untitled notebook. */
  notebookPath?: string;
  /**
   * false (`tlnb run --no-local-packages`): the backend ladder loads no optional package
   * (tfjs-node, webgpu) from the notebook's folder or its parents, only from tlnb's own install.
   */
  localPackages?: boolean;
}

/** One item of a cell output, stored as the .tlnb format stores it: readable text or base64. */
export type OutputItem = { mime: string; text: string } | { mime: string; base64: string };

// ---- client -> kernel ----

export interface ExecuteRequest {
  type: 'execute';
  /** Unique per request; every message about this execution carries it. */
  id: string;
  code: string;
  /** How error stacks name the cell, e.g. "Cell 3". */
  cellLabel: string;
  /**
   * Set by Debug Cell: the absolute path the cell's inline source map names as its source, so a
   * debugger attached to the kernel binds breakpoints set in the cell (see extension/debug/).
   * Need not exist on disk.
   */
  debugSource?: string;
}

export interface InterruptRequest {
  type: 'interrupt';
  /** The execution to interrupt; the kernel ignores the request once that one has finished. */
  id?: string;
}

export interface ShutdownRequest {
  type: 'shutdown';
}

/**
 * Which variables of the notebook hold a tf.LayersModel (top-level declarations of its cells).
 * Answered with a `reply`: `models`, or `busy` while a cell runs. Never runs a cell.
 */
export interface ListModelsRequest {
  type: 'list-models';
  /** Unique per request; the reply carries it. */
  id: string;
}

/**
 * Saves the model held in `variable` (model.json + weights.bin) to a new folder `<dir>/<stem>`,
 * or `<stem>-2`, `-3`… when that exists: never into a folder that exists. Answered with a `reply`:
 * `saved`, `busy` while a cell runs, or `error`. Cells wait while the save runs.
 */
export interface SaveModelRequest {
  type: 'save-model';
  id: string;
  variable: string;
  dir: string;
  stem: string;
}

/**
 * Lists the notebook's top-level names (those its cells declared or assigned; the kernel's and
 * Node's own globals left out unless a cell re-assigned them), each described without running cell
 * code. Answered with a `reply`: `variables`, or `busy` while a cell runs.
 */
export interface ListVariablesRequest {
  type: 'list-variables';
  id: string;
}

/**
 * How the Variables view shows one variable when clicked: a model's layer graph, a tensor's
 * (summarised) values, other values as bounded text. Answered with a `reply`: `inspected`.
 */
export interface InspectVariableRequest {
  type: 'inspect-variable';
  id: string;
  variable: string;
}

/**
 * Opens (`open: true`) the kernel's inspector on a free port of 127.0.0.1 for a debugger to attach
 * to, or closes it. Answered with a `reply`: `debugger` (the WebSocket URL, absent once closed) or
 * `error`. Works while a cell runs, as long as it yields.
 */
export interface DebuggerRequest {
  type: 'debugger';
  id: string;
  open: boolean;
}

export type ClientMessage = ExecuteRequest | InterruptRequest | ShutdownRequest | ListModelsRequest | SaveModelRequest | ListVariablesRequest | InspectVariableRequest | DebuggerRequest;

// ---- kernel -> client ----

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  pid: number;
  nodeVersion: string;
}

/** Sent once the backend ladder has run (successfully or not). */
export interface BackendMessage {
  type: 'backend';
  report?: BackendReport;
  /** Set when no backend could be initialised; cells that use tfjs will fail with it. */
  error?: string;
}

export interface StreamMessage {
  type: 'stream';
  /**
   * The execution whose code wrote the text (directly, or through a timer, promise or callback it
   * started; it may have ended), else the one running; absent when neither applies.
   */
  id?: string;
  name: 'stdout' | 'stderr';
  text: string;
}

export interface DisplayMessage {
  type: 'display';
  /** As for `stream`: the execution whose code showed it, which may have ended. */
  id?: string;
  /** Names this output for later `update-display` messages. */
  displayId: string;
  items: OutputItem[];
}

/** Replaces a display's items, from any cell or timer, also after the execution that made it ended. */
export interface UpdateDisplayMessage {
  type: 'update-display';
  displayId: string;
  items: OutputItem[];
}

export interface CellErrorInfo {
  name: string;
  message: string;
  /** "Name: message" followed by frames that point at cells ("at f (Cell 2:3:9)"); kernel frames removed. */
  stack: string;
}

export interface ErrorMessage {
  type: 'error';
  id: string;
  error: CellErrorInfo;
}

export type ExecutionStatus = 'ok' | 'error' | 'interrupted';

export interface DoneMessage {
  type: 'done';
  id: string;
  status: ExecutionStatus;
  /** Wall time of the execution in the kernel. */
  ms: number;
  /** tf.memory().numTensors after minus before; absent when tfjs was not loaded. */
  tensorDelta?: number;
}

export interface MemoryMessage {
  type: 'memory';
  backend?: string;
  numTensors?: number;
  /** Bytes of the live tensors' values (tf.memory().numBytes): what the tensors hold, on any backend. */
  tensorBytes?: number;
  /**
   * On the webgpu rung, the GPU memory the backend really holds: the bytes of every GPU buffer it
   * has created and not destroyed, its pool of free buffers for reuse included
   * (tf.memory().numBytesAllocatedInGPU). Absent on backends that do not report GPU memory.
   */
  gpuBytesHeld?: number;
  /** Of gpuBytesHeld, the bytes in buffers in use right now (tf.memory().numBytesInGPU). */
  gpuBytesInUse?: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** v8's heap_size_limit: how far heapUsedBytes may grow before the kernel runs out of memory. */
  heapLimitBytes?: number;
}

/** The kernel's own diagnostics, for the "tlnb Kernel" output channel. */
export interface LogMessage {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** A layers model held in a variable of the notebook. Shapes leave out nothing: null is the batch dimension. */
export interface ModelVariableInfo {
  variable: string;
  /** model.name */
  name: string;
  inputShapes: Array<Array<number | null>>;
  outputShapes: Array<Array<number | null>>;
  params: number;
  /** The layers in order (input layers left out), with their weight counts. */
  layers: Array<{ name: string; className: string; weights: number }>;
}

export type VariableKind =
  | 'tensor'
  | 'model'
  | 'array'
  | 'typed-array'
  | 'map'
  | 'set'
  | 'string'
  | 'number'
  | 'bigint'
  | 'boolean'
  | 'function'
  | 'class'
  | 'object'
  | 'null'
  | 'undefined'
  | 'symbol';

/** One top-level name of the notebook, as the Variables view lists it. */
export interface VariableInfo {
  name: string;
  kind: VariableKind;
  /** The type as a user would name it: `Tensor`, `Sequential`, `Array`, `Float32Array`, `Map`, a class name, `number`… */
  type: string;
  /** Tensors: shape and dtype; `disposed` when it was disposed. */
  shape?: number[];
  dtype?: string;
  disposed?: boolean;
  /** Models: trainable and non-trainable weights together (model.countParams()). */
  params?: number;
  /** Arrays, typed arrays, maps and sets: entries; strings: characters. */
  size?: number;
  /** A one-line preview, at most VARIABLE_PREVIEW_CHARS characters. */
  preview: string;
}

/** How long a variable's preview may be: a huge array or string is never sent whole. */
export const VARIABLE_PREVIEW_CHARS = 120;

/** The answer to a request: exactly one of the optional fields is set. */
export interface ReplyMessage {
  type: 'reply';
  id: string;
  models?: ModelVariableInfo[];
  saved?: { folder: string; modelFile: string };
  variables?: VariableInfo[];
  /** The variable's representations (MIME types as in a display output). */
  inspected?: OutputItem[];
  /** The label of the cell that is running ("Cell 3"): the request was not carried out. */
  busy?: string;
  /** The answer to a `debugger` request: where the inspector listens (`url` absent: closed). */
  debugger?: { url?: string };
  error?: string;
}

export type KernelMessage =
  | HelloMessage
  | BackendMessage
  | StreamMessage
  | DisplayMessage
  | UpdateDisplayMessage
  | ErrorMessage
  | DoneMessage
  | MemoryMessage
  | LogMessage
  | ReplyMessage;

// Records over each union's `type`s: a message type added to a union and not here is a compile error.
const KERNEL_MESSAGE_TYPES = new Set<string>(Object.keys({ hello: 1, backend: 1, stream: 1, display: 1, 'update-display': 1, error: 1, done: 1, memory: 1, log: 1, reply: 1 } satisfies Record<KernelMessage['type'], 1>));
const CLIENT_MESSAGE_TYPES = new Set<string>(Object.keys({ execute: 1, interrupt: 1, shutdown: 1, 'list-models': 1, 'save-model': 1, 'list-variables': 1, 'inspect-variable': 1, debugger: 1 } satisfies Record<ClientMessage['type'], 1>));

export function isKernelMessage(value: unknown): value is KernelMessage {
  return hasType(value) && KERNEL_MESSAGE_TYPES.has(value.type);
}

export function isClientMessage(value: unknown): value is ClientMessage {
  return hasType(value) && CLIENT_MESSAGE_TYPES.has(value.type);
}
