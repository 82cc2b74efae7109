// The kernel process (bundled as dist/kernel.js). Started by common/node/kernelClient.ts with the launch
// options as one JSON argument; speaks common/protocol.ts over Node's IPC channel.

import { isRecord, unreachable } from '../common/guards';
import { isBackendPreference } from '../common/backends';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { INTERRUPT_FD, PROTOCOL_VERSION, isClientMessage, type KernelLaunchOptions, type KernelMessage } from '../common/protocol';
import { installCellGlobals } from './cellGlobals';
import { ReplEvaluator } from './repl/replEvaluator';
import { createInterruptState, STATE_SLOTS, type InterruptWorkerData, type WorkerNotice } from './interrupt/interruptState';
import { ModuleLoader, kernelPackagesDir, type BuiltinModules, type Namespace } from './modules/moduleLoader';
import { TypeScriptModules } from './modules/typescriptModules';
import { captureStreams } from './output/streamCapture';
import { KernelSession } from './session';
import { backendReady, loadedTf, startBackend, type Tf } from '../lib/tfInstance';
import { formatFallbackNote, formatGpuNote } from '../common/backendReport';
import { createTlnbModule } from '../lib/index';
import { tsconfigWantsLegacyDecorators } from './transpile/decoratorMode';
import { installLiveTraining } from '../lib/training/liveTraining';
import { answerModelRequest } from './variables/modelRequests';
import { answerVariableRequest } from './variables/variableRequests';
import { answerDebuggerRequest } from './debug/inspectorPort';

/** How long a blocked main thread has to answer an interrupt before its JavaScript is terminated. */
const INTERRUPT_GRACE_MS = 1000;

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 20) {
  process.stderr.write(`the tlnb kernel needs Node.js 20 or newer, but ${process.execPath} is Node ${process.versions.node}; point the tlnb.nodePath setting at a newer Node, or clear it\n`);
  process.exit(2);
}
const options = parseLaunchOptions(process.argv[2]);
/** Started detached, as the leader of its own process group (common/node/kernelClient.ts); not passed on to what cells start. */
const leadsProcessGroup = process.env.TLNB_KERNEL_PROCESS_GROUP === 'leader';
delete process.env.TLNB_KERNEL_PROCESS_GROUP;
if (!process.send) {
  process.stderr.write('dist/kernel.js is started by tlnb (the VS Code extension or `tlnb run`), with an IPC channel; it cannot run on its own.\n');
  process.exit(2);
}
const send = (message: KernelMessage) => {
  if (process.connected) process.send!(message);
};

/** The real process.exit; cells get a version that says which cell called it (see below). */
const exit = process.exit.bind(process);

// Deep tfjs call chains would otherwise hide the cell's own frame past the default 10.
Error.stackTraceLimit = 50;
process.chdir(options.notebookDir);

const state = createInterruptState();
const kernelFiles = new Set([__filename, join(__dirname, 'kernelInterrupt.js')]);
const isKernelFile = (file: string) => kernelFiles.has(file) || file.startsWith('node:') || file.startsWith('internal/');
const evaluator = new ReplEvaluator();
const session = new KernelSession({ send }, evaluator, state, isKernelFile, tsconfigWantsLegacyDecorators(options.notebookDir));

captureStreams((name, text) => send({ type: 'stream', ...session.executionId(), name, text }));

const tfNamespaces = new Map<string, Namespace>();
const tfModule = (pick: (tf: Tf) => object) => (): Namespace | Promise<Namespace> => {
  const asNamespace = (tf: Tf): Namespace => {
    const namespace = pick(tf);
    return { ...namespace, default: namespace };
  };
  // Synchronous once the backend is up, so `require('@tensorflow/tfjs')` works without a preload.
  const loaded = loadedTf();
  if (loaded) return asNamespace(loaded);
  return backendReady().then(
    ({ tf }) => asNamespace(tf),
    (error: Error) => {
      throw new Error(`TensorFlow.js is not available in this kernel: ${error.message}`);
    },
  );
};
const builtins: BuiltinModules = new Map<string, () => Namespace | Promise<Namespace>>([
  ['tlnb', () => (tlnbModule ??= backendReady().then(() => createTlnbModule({ display: session.display })))],
  ['@tensorflow/tfjs', cached('@tensorflow/tfjs', tfModule((tf) => tf))],
  ['@tensorflow/tfjs-core', cached('@tensorflow/tfjs', tfModule((tf) => tf))],
  ['@tensorflow/tfjs-layers', cached('@tensorflow/tfjs', tfModule((tf) => tf))],
  ['@tensorflow/tfjs-data', cached('@tensorflow/tfjs-data', tfModule((tf) => tf.data))],
]);
let tlnbModule: Promise<Namespace> | undefined;
const modules = new ModuleLoader(options.notebookDir, kernelPackagesDir(), builtins);
session.beforeCell = (code) => modules.preload(code);
modules.typescript = new TypeScriptModules(options.notebookDir, (file, label, source, map) => session.addSource(file, label, source, map));
installCellGlobals({ display: session.display, modules, notebookDir: options.notebookDir, ...(options.notebookPath ? { notebookPath: options.notebookPath } : {}) });
// The globals before any cell ran: the Variables view lists only what cells made.
const baseline = evaluator.globalBindings();

/** One namespace object per module, so two imports of tfjs bind the same object. */
function cached(key: string, load: () => Namespace | Promise<Namespace>): () => Namespace | Promise<Namespace> {
  return () => {
    const known = tfNamespaces.get(key);
    if (known) return known;
    const loaded = load();
    if (!(loaded instanceof Promise)) return (tfNamespaces.set(key, loaded), loaded);
    return loaded.then((namespace) => tfNamespaces.get(key) ?? (tfNamespaces.set(key, namespace), namespace));
  };
}

process.on('message', (message: unknown) => {
  if (!isClientMessage(message)) return send({ type: 'log', level: 'warn', text: `ignored a message that is not a tlnb client message: ${JSON.stringify(message).slice(0, 200)}` });
  switch (message.type) {
    case 'execute':
      return session.execute(message);
    case 'interrupt':
      return session.interrupt(message.id);
    case 'shutdown':
      return exit(0);
    case 'list-models':
    case 'save-model':
      // Never rejects: a failure is answered as a reply with `error`.
      void answerModelRequest(message, { session, evaluator, send });
      return;
    case 'list-variables':
    case 'inspect-variable':
      // Never rejects: a failure is answered as a reply with `error`.
      void answerVariableRequest(message, { session, evaluator, baseline, send });
      return;
    case 'debugger':
      answerDebuggerRequest(message, send);
      return;
    default:
      // A ClientMessage type without a case is a compile error here.
      return unreachable(message, 'client message');
  }
});
// The parent is gone (or let go of the kernel); when a cell blocks this thread, the interrupt
// worker's parent watch ends the kernel instead.
process.on('disconnect', () => {
  // The client is gone without a shutdown (VS Code or `tlnb run` ended abruptly). The kernel leads
  // its own process group (common/node/kernelClient.ts): end what its cells started, then itself.
  if (leadsProcessGroup) {
    try {
      process.kill(-process.pid, 'SIGTERM');
    } catch {
      // no group: nothing else to end
    }
  }
  exit(0);
});

// Errors thrown later by code a cell started (timers, callbacks) must not kill the kernel.
const onUncaught = (error: unknown) => reportBackgroundError('uncaught exception', error);
const onUnhandled = (reason: unknown) => reportBackgroundError('unhandled promise rejection', reason);
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUnhandled);
/** Emscripten's glue (the wasm backend) adds handlers that rethrow, which would kill the kernel. */
function removeForeignCrashHandlers(): void {
  for (const listener of process.listeners('uncaughtException')) if (listener !== onUncaught) process.off('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection')) if (listener !== onUnhandled) process.off('unhandledRejection', listener);
}
function reportBackgroundError(kind: string, error: unknown): void {
  const text = session.describe(error).stack;
  const cell = session.originCellLabel;
  send({ type: 'stream', ...session.executionId(), name: 'stderr', text: `${kind} (in code ${cell ?? 'a cell'} started): ${text}\n` });
}

process.exit = (code?: number | string | null): never => {
  const cell = session.currentCellLabel;
  send({ type: 'log', level: 'error', text: `process.exit(${code ?? ''}) was called${cell ? ` in ${cell}` : ''}` });
  return exit(code);
};

const worker = new Worker(join(__dirname, 'kernelInterrupt.js'), {
  workerData: { state, graceMs: INTERRUPT_GRACE_MS, fd: INTERRUPT_FD, parentPid: process.ppid } satisfies InterruptWorkerData,
});
worker.unref();
worker.on('message', (notice: WorkerNotice) => {
  switch (notice.type) {
    case 'interrupt':
      Atomics.add(state, STATE_SLOTS.ack, 1);
      Atomics.notify(state, STATE_SLOTS.ack);
      return session.interrupt(notice.id);
    case 'terminated':
      return session.terminated(notice.seq);
    case 'log':
      return send({ type: 'log', level: 'warn', text: notice.text });
    default:
      return unreachable(notice, 'interrupt worker notice');
  }
});
worker.on('error', (error) => send({ type: 'log', level: 'error', text: `interrupt worker failed: ${error.message}` }));

send({ type: 'hello', protocol: PROTOCOL_VERSION, pid: process.pid, nodeVersion: process.version });

startBackend(options.backend, options.localPackages === false ? [kernelPackagesDir()] : [options.notebookDir, kernelPackagesDir()]).then(
  async ({ tf, report }) => {
    removeForeignCrashHandlers();
    installLiveTraining(tf, session);
    // tfjs-node brings its own file:// handler; the other rungs get tlnb's (model.json + weights.bin).
    if (report.active !== 'tensorflow' && report.active !== 'tensorflow-gpu') (await import('../lib/models/fileModelIO')).registerFileScheme(tf);
    send({ type: 'backend', report });
    const note = formatFallbackNote(report) ?? formatGpuNote(report);
    if (note) session.noteOnce(note);
    session.sendMemory();
  },
  (error: Error) => {
    removeForeignCrashHandlers();
    send({ type: 'backend', error: error.message });
  },
);

function parseLaunchOptions(arg: string | undefined): KernelLaunchOptions {
  let json: unknown;
  try {
    json = JSON.parse(arg ?? '');
  } catch {
    process.stderr.write(`the kernel expects its launch options as one JSON argument, got ${JSON.stringify(arg)}\n`);
    process.exit(2);
  }
  const parsed = isRecord(json) ? json : {};
  if (parsed.protocol !== PROTOCOL_VERSION) {
    process.stderr.write(`the client speaks protocol ${String(parsed.protocol)}, this kernel ${PROTOCOL_VERSION}: rebuild so both come from the same build\n`);
    process.exit(2);
  }
  const { backend, notebookDir, notebookPath } = parsed;
  if (backend !== undefined && !isBackendPreference(backend)) {
    process.stderr.write(`the launch option "backend" must be auto or a backend's name, not ${JSON.stringify(backend)}\n`);
    process.exit(2);
  }
  return {
    protocol: PROTOCOL_VERSION,
    backend: backend ?? 'auto',
    notebookDir: typeof notebookDir === 'string' ? notebookDir : process.cwd(),
    ...(typeof notebookPath === 'string' && notebookPath ? { notebookPath } : {}),
    ...(parsed.localPackages === false ? { localPackages: false } : {}),
  };
}
