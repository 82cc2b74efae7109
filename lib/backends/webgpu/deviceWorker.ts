// The WebGPU device thread (bundled as dist/webgpuDevice.js; a worker_threads Worker of the
// kernel). It loads Dawn, finds the adapter, opens the device and owns it: it runs the commands the
// main thread's proxies (deviceProxy.ts) forward, in order, and answers reads. Because the device
// belongs to this thread, mapAsync settles on this thread's event loop even while the main thread
// is blocked in Atomics.wait for a synchronous read (dataSync).

import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import {
  DEVICE_ID,
  HEARTBEAT_MS,
  QUEUE_ID,
  SIGNAL,
  type AdapterSummary,
  type Command,
  type DeviceWorkerData,
  type FromWorker,
  type StartReply,
  type ToWorker,
} from './protocol';
import { describeCommands, readCommands, type CommandHandler, type MappedRange } from './commandStream';

const { dawnPath, flags, allowSoftware, signal, replies } = workerData as DeviceWorkerData;
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software/i;

const objects = new Map<number, any>();
const keepAlive: unknown[] = [];
let pendingErrors: string[] = [];
let errorsScheduled = false;

function post(message: FromWorker | StartReply, transfer: ArrayBuffer[] = []): void {
  replies.postMessage(message, transfer);
  Atomics.add(signal, SIGNAL.replies, 1);
  Atomics.notify(signal, SIGNAL.replies);
}

/** Device errors go to the main thread as they happen (batched per turn of the event loop). */
function reportError(message: string): void {
  pendingErrors.push(message);
  if (errorsScheduled) return;
  errorsScheduled = true;
  setImmediate(() => {
    errorsScheduled = false;
    const messages = pendingErrors;
    pendingErrors = [];
    post({ type: 'errors', messages });
  });
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
    const record = value as Record<string, unknown>;
    if (typeof record.$ === 'number' && Object.keys(record).length === 1) {
      const target = objects.get(record.$);
      if (target === undefined) throw new Error(`object #${record.$} was released or never created`);
      return target;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

function get(id: number, what: string): any {
  const target = objects.get(id);
  if (target === undefined) throw new Error(`${what}: object #${id} was released or never created`);
  return target;
}

/** TLNB_WEBGPU_TRACE=1: every command on stderr, written synchronously (for debugging the proxy). */
const trace = process.env.TLNB_WEBGPU_TRACE === '1';

/** Fills the ranges the main thread wrote into a buffer mapped at creation, then unmaps it. */
function unmapWrite(id: number, ranges: MappedRange[]): void {
  const buffer = get(id, 'unmap');
  for (const range of ranges) new Uint8Array(buffer.getMappedRange(range.offset, range.bytes.byteLength)).set(range.bytes);
  buffer.unmap();
}

/** Runs a command that came outside the stream's fixed shapes. */
function runExtra(command: Command): void {
  switch (command.op) {
    case 'call': {
      const target = get(command.target, command.method);
      const result = target[command.method](...(decode(command.args) as unknown[]));
      if (command.result !== 0) objects.set(command.result, result);
      return;
    }
    case 'createBuffer':
      objects.set(command.result, get(DEVICE_ID, 'createBuffer').createBuffer(command.descriptor));
      return;
    case 'writeBuffer':
      get(QUEUE_ID, 'writeBuffer').writeBuffer(get(command.buffer, 'writeBuffer'), command.offset, command.bytes, 0, command.bytes.byteLength);
      return;
    case 'unmapWrite':
      unmapWrite(command.buffer, command.ranges.map((r) => ({ offset: r.offset, bytes: new Uint8Array(r.bytes) })));
      return;
    case 'mapRead': {
      const { request, offset, size } = command;
      const buffer = get(command.buffer, 'mapAsync');
      buffer.mapAsync(1 /* GPUMapMode.READ */, offset, size).then(
        () => {
          const bytes = (buffer.getMappedRange(offset, size) as ArrayBuffer).slice(0);
          buffer.unmap();
          post({ type: 'read', request, bytes }, [bytes]);
        },
        (error: Error) => post({ type: 'read', request, error: `mapAsync: ${error.message}` }),
      );
      return;
    }
    case 'popErrorScope': {
      const { request } = command;
      get(DEVICE_ID, 'popErrorScope')
        .popErrorScope()
        .then(
          (error: { message: string; constructor: { name: string } } | null) =>
            post({ type: 'value', request, value: error === null ? null : { kind: error.constructor.name, message: error.message } }),
          (error: Error) => post({ type: 'value', request, error: error.message }),
        );
      return;
    }
    case 'workDone': {
      const { request } = command;
      get(QUEUE_ID, 'onSubmittedWorkDone')
        .onSubmittedWorkDone()
        .then(
          () => post({ type: 'value', request }),
          (error: Error) => post({ type: 'value', request, error: error.message }),
        );
      return;
    }
  }
}

/** The stream's commands, run on the device (the objects named by id). */
const execute: CommandHandler = {
  extra: runExtra,
  setPipeline: (pass, pipeline) => get(pass, 'setPipeline').setPipeline(get(pipeline, 'setPipeline')),
  setBindGroup: (pass, index, group) => get(pass, 'setBindGroup').setBindGroup(index, get(group, 'setBindGroup')),
  dispatch: (pass, x, y, z) => get(pass, 'dispatchWorkgroups').dispatchWorkgroups(x, y, z),
  createBindGroup(result, layout, entries) {
    const resolved = entries.map((e) => ({ binding: e.binding, resource: { buffer: get(e.buffer, 'createBindGroup'), offset: e.offset, ...(e.size === undefined ? {} : { size: e.size }) } }));
    objects.set(result, get(DEVICE_ID, 'createBindGroup').createBindGroup({ layout: get(layout, 'createBindGroup'), entries: resolved }));
  },
  writeBuffer: (buffer, offset, bytes) => get(QUEUE_ID, 'writeBuffer').writeBuffer(get(buffer, 'writeBuffer'), offset, bytes, 0, bytes.byteLength),
  createBuffer: (result, size, usage, mappedAtCreation) => objects.set(result, get(DEVICE_ID, 'createBuffer').createBuffer({ size, usage, mappedAtCreation })),
  createCommandEncoder: (result) => objects.set(result, get(DEVICE_ID, 'createCommandEncoder').createCommandEncoder()),
  beginComputePass: (encoder, result) => objects.set(result, get(encoder, 'beginComputePass').beginComputePass()),
  end(pass) {
    get(pass, 'end').end();
    objects.delete(pass);
  },
  finish(encoder, result) {
    objects.set(result, get(encoder, 'finish').finish());
    objects.delete(encoder);
  },
  submit(commandBuffers) {
    get(QUEUE_ID, 'submit').submit(commandBuffers.map((id) => get(id, 'submit')));
    for (const id of commandBuffers) objects.delete(id);
  },
  copyBufferToBuffer: (encoder, source, sourceOffset, destination, destinationOffset, size) =>
    get(encoder, 'copyBufferToBuffer').copyBufferToBuffer(get(source, 'copyBufferToBuffer'), sourceOffset, get(destination, 'copyBufferToBuffer'), destinationOffset, size),
  release(ids) {
    for (const id of ids) objects.delete(id);
  },
  unmapWrite,
  destroyBuffer: (buffer) => get(buffer, 'destroy').destroy(),
};

/** The process is exiting: Dawn's bindings abort the process if a call is cut short by the worker's termination. */
const closing = () => Atomics.load(signal, SIGNAL.closing) === 1;

function runBatch(batch: ToWorker): void {
  if (closing()) return;
  Atomics.store(signal, SIGNAL.busy, 1);
  try {
    runCommands(batch);
  } finally {
    Atomics.store(signal, SIGNAL.busy, 0);
    Atomics.notify(signal, SIGNAL.busy);
  }
}

function runCommands(batch: ToWorker): void {
  if (trace) {
    for (const { name, args } of describeCommands(batch)) {
      writeSync(2, `webgpu device thread: ${name} ${JSON.stringify(args, (k, v: unknown) => (v instanceof ArrayBuffer ? `<${v.byteLength} bytes>` : k === 'code' ? '<wgsl>' : v))}\n`);
    }
  }
  readCommands(batch, execute, (name, error, command) => {
    const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
    if (command?.op === 'mapRead') post({ type: 'read', request: command.request, error: message });
    else reportError(message);
  }, closing);
}

async function start(): Promise<StartReply> {
  const noise: string[] = [];
  let dawn: { create(flags: string[]): { requestAdapter(o?: object): Promise<any> }; globals: Record<string, unknown> };
  try {
    dawn = createRequire(__filename)(dawnPath);
  } catch (error) {
    return { type: 'refused', reason: `Dawn failed to load from ${dawnPath}: ${(error as Error).message}`, failure: 'unusable', noise };
  }
  const gpu = dawn.create(flags);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  // Dawn's instance must outlive the device: collecting it crashes the next call.
  keepAlive.push(dawn, gpu, adapter);
  if (adapter === null) return { type: 'refused', reason: 'no adapter', failure: 'absent', noise };
  const info = adapter.info ?? {};
  const summary: AdapterSummary = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: adapter.isFallbackAdapter === true || info.isFallbackAdapter === true,
    name: '',
  };
  summary.name = [summary.vendor, summary.architecture, summary.device, summary.description].filter((s) => s !== '').join(' ') || 'unnamed adapter';
  const software = summary.isFallbackAdapter || SOFTWARE_ADAPTER.test(summary.name);
  if (software && !allowSoftware) {
    return { type: 'refused', reason: `only a software WebGPU adapter (${summary.name}), which is slower than wasm`, failure: 'absent', adapter: summary, noise };
  }
  // The same features and limits tfjs-backend-webgpu asks for when it finds its own adapter.
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  const limitNames = [
    'maxComputeWorkgroupStorageSize',
    'maxComputeWorkgroupsPerDimension',
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupSizeX',
    'maxComputeInvocationsPerWorkgroup',
  ];
  const requiredLimits = Object.fromEntries(limitNames.map((l) => [l, adapter.limits[l]]));
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  // Dawn prints uncaptured errors to stderr unless a listener takes them.
  device.addEventListener('uncapturederror', (event: { error?: { message?: string } }) => reportError(event.error?.message ?? 'an uncaptured WebGPU error'));
  device.lost.then((lost: { reason: string; message: string }) => post({ type: 'lost', reason: String(lost.reason), message: lost.message }));
  objects.set(DEVICE_ID, device);
  objects.set(QUEUE_ID, device.queue);
  const limits: Record<string, number> = {};
  // GPUSupportedLimits keeps its values as accessors on the prototype.
  for (let proto = device.limits; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = device.limits[key];
      if (typeof value === 'number') limits[key] = value;
    }
  }
  const constants: Record<string, Record<string, number>> = {};
  for (const name of ['GPUBufferUsage', 'GPUMapMode', 'GPUTextureUsage', 'GPUShaderStage', 'GPUColorWrite']) {
    const table = dawn.globals[name] as Record<string, unknown> | undefined;
    if (table === undefined) continue;
    constants[name] = {};
    for (const key of Object.getOwnPropertyNames(table)) {
      if (typeof table[key] === 'number') constants[name][key] = table[key] as number;
    }
  }
  return { type: 'started', adapter: summary, software, features: [...device.features], limits, constants, noise };
}

const port = parentPort!;
setInterval(() => Atomics.add(signal, SIGNAL.heartbeat, 1), HEARTBEAT_MS).unref();
start().then(
  (reply) => {
    post(reply);
    if (reply.type !== 'started') return;
    port.on('message', runBatch);
  },
  (error: Error) => post({ type: 'refused', reason: `Dawn failed: ${error.message}`, failure: 'unusable', noise: [] }),
);
