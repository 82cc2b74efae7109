// The main thread's view of the GPU device that lives on the device thread (deviceWorker.ts): a
// GPUDevice look-alike covering the part of WebGPU that tfjs-backend-webgpu 4.22 uses. Calls are
// queued as commands and posted in batches (at a queue.submit, at the end of the current
// microtask, or when a batch grows large); objects are ids. Asynchronous reads resolve by message.
// A synchronous read (mapSync, used by dataSync) posts its batch and blocks this thread in
// Atomics.wait, in short slices, until the worker has the bytes: the slices keep the kernel's
// interrupt (which terminates blocked JavaScript through the inspector) working.

import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { CommandWriter, fitsWord, INLINE_BYTES, type BufferEntry } from './commandStream';
import { CLOSE_WAIT_MS, DEVICE_ID, HEARTBEAT_MS, QUEUE_ID, SIGNAL, type Command, type FromWorker, type ToWorker } from './protocol';

/** How long the device thread may go without a heartbeat during a blocking read before it counts as gone. */
const STALLED_MS = 60_000;
/** A batch is posted once it holds this many commands or bytes, even inside a long synchronous loop. */
const MAX_BATCH_COMMANDS = 2048;
const MAX_BATCH_BYTES = 32 * 2 ** 20;

export class WebGpuProxyError extends Error {}

function unsupported(call: string, why: string): never {
  throw new WebGpuProxyError(
    `${call} is not available on tlnb's webgpu rung: the GPU device lives on a worker thread of the kernel and tlnb forwards only the WebGPU calls TensorFlow.js uses for tensors (${why}). Use tensors (tf.tensor, tf.browser is not available in Node), or pin another backend (tlnb.backend: wasm).`,
  );
}

/** The channel to the device thread: the command batch, replies, and the blocking wait. */
export class DeviceLink {
  /** The batch being built; Remote objects write their calls into it. */
  readonly out = new CommandWriter(() => this.beforeCommand());
  private flushScheduled = false;
  private flushing = false;
  private nextId = 100;
  private nextRequest = 1;
  private readonly waiting = new Map<number, { resolve(reply: FromWorker): void }>();
  private readonly arrived = new Map<number, FromWorker>();
  private readonly released: number[] = [];
  private readonly registry = new FinalizationRegistry<number>((id) => this.released.push(id));
  /** Errors the device reported that no read has surfaced yet. */
  private deviceErrors: string[] = [];
  lostInfo: { reason: string; message: string } | undefined;
  onLost: ((info: { reason: string; message: string }) => void) | undefined;
  /** Counters for the measurements in docs/backends.md. */
  readonly stats = { calls: 0, batches: 0, syncReads: 0, syncReadMs: 0 };
  /** Sees every batch as it is posted (tests and measurements). */
  tap: ((batch: ToWorker) => void) | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {
    port.on('message', (reply: FromWorker) => this.dispatch(reply));
    port.unref();
    process.once('exit', () => this.stopDeviceThread());
  }

  /**
   * As the process exits, Node terminates the device thread wherever it is; a Dawn call cut short
   * there aborts the whole process ("FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw").
   * So the worker is told to stop, and this waits (briefly) until it is between two commands.
   */
  private stopDeviceThread(): void {
    Atomics.store(this.signal, SIGNAL.closing, 1);
    const deadline = performance.now() + CLOSE_WAIT_MS;
    while (Atomics.load(this.signal, SIGNAL.busy) === 1 && performance.now() < deadline) Atomics.wait(this.signal, SIGNAL.busy, 1, 20);
  }

  id(): number {
    return this.nextId++;
  }

  /** The worker forgets object `id` once `owner` (its proxy) is garbage-collected here. */
  track(owner: object, id: number): void {
    this.registry.register(owner, id);
  }

  /** A command outside the stream's fixed shapes (commandStream.ts). */
  push(command: Command, transfer: ArrayBuffer[] = []): void {
    this.out.extra(command, transfer);
  }

  /** As each command starts: the batch so far is posted when it is large, else it will be soon. */
  private beforeCommand(): void {
    if (this.flushing) return; // flush's own release of collected ids
    this.stats.calls++;
    if (this.out.count >= MAX_BATCH_COMMANDS || this.out.bytes >= MAX_BATCH_BYTES) this.flush();
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    this.flushing = true;
    try {
      if (this.released.length > 0) this.out.release(this.released.splice(0));
    } finally {
      this.flushing = false;
    }
    const batch = this.out.take();
    if (batch === undefined) return;
    this.tap?.(batch.message);
    this.worker.postMessage(batch.message, batch.transfer);
    this.stats.batches++;
  }

  request(): number {
    return this.nextRequest++;
  }

  /** Resolves with the worker's reply to `request` (the commands are flushed now). */
  async reply(request: number): Promise<FromWorker> {
    this.flush();
    const early = this.arrived.get(request);
    if (early !== undefined) {
      this.arrived.delete(request);
      return early;
    }
    // A pending reply keeps the process alive (a script awaiting data() must not exit first).
    if (this.waiting.size === 0) this.port.ref();
    return new Promise((resolve) => this.waiting.set(request, { resolve }));
  }

  /** Blocks this thread until the worker replies to `request`. `call` names the user's call in errors. */
  replySync(request: number, call: string): FromWorker {
    this.flush();
    const started = performance.now();
    let beat = Atomics.load(this.signal, SIGNAL.heartbeat);
    let beatAt = started;
    for (;;) {
      const seen = Atomics.load(this.signal, SIGNAL.replies);
      this.drain();
      const reply = this.arrived.get(request);
      if (reply !== undefined) {
        this.arrived.delete(request);
        this.stats.syncReads++;
        this.stats.syncReadMs += performance.now() - started;
        return reply;
      }
      if (this.lostInfo !== undefined) throw new WebGpuProxyError(`${call}: the GPU device was lost (${this.lostInfo.reason}: ${this.lostInfo.message}); restart the kernel`);
      // Short slices: an interrupt that terminates the cell's JavaScript takes effect between them.
      Atomics.wait(this.signal, SIGNAL.replies, seen, 50);
      const now = performance.now();
      const currentBeat = Atomics.load(this.signal, SIGNAL.heartbeat);
      if (currentBeat !== beat) {
        beat = currentBeat;
        beatAt = now;
      } else if (now - beatAt > STALLED_MS) {
        throw new WebGpuProxyError(
          `${call}: the WebGPU device thread has not answered for ${Math.round((now - beatAt) / 1000)} s (heartbeat every ${HEARTBEAT_MS} ms stopped); the GPU driver may be hung — restart the kernel, or pin the wasm backend`,
        );
      }
    }
  }

  private drain(): void {
    for (let message = receiveMessageOnPort(this.port); message !== undefined; message = receiveMessageOnPort(this.port)) {
      this.dispatch(message.message as FromWorker);
    }
  }

  private dispatch(reply: FromWorker): void {
    if (reply.type === 'errors') {
      this.deviceErrors.push(...reply.messages);
      return;
    }
    if (reply.type === 'lost') {
      this.lostInfo = { reason: reply.reason, message: reply.message };
      this.onLost?.(this.lostInfo);
      return;
    }
    const waiter = this.waiting.get(reply.request);
    if (waiter !== undefined) {
      this.waiting.delete(reply.request);
      if (this.waiting.size === 0) this.port.unref();
      waiter.resolve(reply);
    } else {
      this.arrived.set(reply.request, reply);
    }
  }

  /** Throws the device errors reported so far (a read after them could return wrong values). */
  throwDeviceErrors(call: string): void {
    this.drain();
    if (this.deviceErrors.length === 0) return;
    const errors = this.deviceErrors;
    this.deviceErrors = [];
    const shown = errors.slice(0, 3).join(' | ');
    throw new WebGpuProxyError(`${call}: the GPU reported ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${shown}${errors.length > 3 ? ' …' : ''}`);
  }
}

/** Encodes WebGPU arguments: proxies become {$: id}; everything else is cloned as is. */
function encode(value: unknown): unknown {
  if (value instanceof Remote) return { $: value.remoteId };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encode(v);
    return out;
  }
  return value;
}

/** A descriptor with nothing set (the stream's short forms take no descriptor). */
function isEmpty(descriptor: object): boolean {
  for (const value of Object.values(descriptor)) if (value !== undefined) return false;
  return true;
}

/** The bytes queue.writeBuffer takes from `data` (offset and size in elements for typed arrays), as a view: no copy. */
function byteView(data: ArrayBuffer | ArrayBufferView, dataOffset: number, size: number | undefined): Uint8Array {
  const element = data instanceof ArrayBuffer ? 1 : 'BYTES_PER_ELEMENT' in data ? (data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 1;
  const start = (data instanceof ArrayBuffer ? 0 : data.byteOffset) + dataOffset * element;
  const length = size === undefined ? data.byteLength - dataOffset * element : size * element;
  return new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer, start, length);
}

/** A bind group descriptor's entries when every one is a plain buffer range (what tfjs makes); else undefined. */
function bufferEntries(descriptor: object): BufferEntry[] | undefined {
  const { layout, entries, ...rest } = descriptor as { layout?: unknown; entries?: unknown };
  if (!(layout instanceof Remote) || !Array.isArray(entries) || !isEmpty(rest)) return undefined;
  const out: BufferEntry[] = [];
  for (const entry of entries as { binding?: unknown; resource?: { buffer?: unknown; offset?: unknown; size?: unknown } }[]) {
    const resource = entry.resource;
    if (!fitsWord(entry.binding) || resource === undefined || !(resource.buffer instanceof RemoteBuffer)) return undefined;
    const keys = Object.keys(resource).filter((k) => (resource as Record<string, unknown>)[k] !== undefined);
    if (keys.some((k) => k !== 'buffer' && k !== 'offset' && k !== 'size')) return undefined;
    if (resource.offset !== undefined && !fitsWord(resource.offset)) return undefined;
    // WHOLE (-1) marks "no size": a size of 2^32 - 1 would read as it, so it takes the long form.
    if (resource.size !== undefined && (!fitsWord(resource.size) || resource.size === 0xffff_ffff)) return undefined;
    out.push({ binding: entry.binding, buffer: resource.buffer.remoteId, offset: resource.offset as number | undefined, size: resource.size as number | undefined });
  }
  return out;
}

/** An object that lives on the device thread. */
export class Remote {
  label = '';
  constructor(
    protected readonly link: DeviceLink,
    readonly remoteId: number,
  ) {}

  protected call(method: string, args: unknown[]): void {
    this.link.push({ op: 'call', target: this.remoteId, method, args: encode(args) as unknown[], result: 0 });
  }

  protected create<T extends Remote>(method: string, args: unknown[], make: (id: number) => T): T {
    const id = this.link.id();
    const object = make(id);
    this.link.push({ op: 'call', target: this.remoteId, method, args: encode(args) as unknown[], result: id });
    return object;
  }
}

/** Objects that are only passed back (shader modules, layouts, bind groups, command buffers). */
export class RemoteHandle extends Remote {}

export class RemoteQuerySet extends Remote {
  constructor(link: DeviceLink, id: number, readonly type: string, readonly count: number) {
    super(link, id);
  }
  destroy(): void {
    this.call('destroy', []);
  }
}

export class RemoteBuffer extends Remote {
  mapState: 'unmapped' | 'pending' | 'mapped';
  private readMapped: { offset: number; bytes: ArrayBuffer } | undefined;
  private writeRanges: { offset: number; bytes: ArrayBuffer }[] = [];

  constructor(link: DeviceLink, id: number, readonly size: number, readonly usage: number, mappedAtCreation: boolean) {
    super(link, id);
    this.mapState = mappedAtCreation ? 'mapped' : 'unmapped';
  }

  async mapAsync(mode: number, offset = 0, size?: number): Promise<undefined> {
    const range = this.startRead(mode, offset, size, 'GPUBuffer.mapAsync');
    const reply = await this.link.reply(range.request);
    return this.finishRead(reply, offset, 'GPUBuffer.mapAsync');
  }

  /** Not WebGPU: mapAsync(READ) that blocks this thread until the bytes are here (for dataSync). */
  mapSync(mode: number, call: string, offset = 0, size?: number): void {
    const range = this.startRead(mode, offset, size, call);
    this.finishRead(this.link.replySync(range.request, call), offset, call);
  }

  private startRead(mode: number, offset: number, size: number | undefined, call: string): { request: number } {
    if (mode !== 1) unsupported(`${call} with a mode other than GPUMapMode.READ`, 'tensors are written with queue.writeBuffer');
    if (this.mapState !== 'unmapped') throw new WebGpuProxyError(`${call}: the buffer is already ${this.mapState}`);
    this.mapState = 'pending';
    const request = this.link.request();
    this.link.push({ op: 'mapRead', buffer: this.remoteId, offset, size: size ?? this.size - offset, request });
    return { request };
  }

  private finishRead(reply: FromWorker, offset: number, call: string): undefined {
    if (reply.type !== 'read' || reply.bytes === undefined) {
      this.mapState = 'unmapped';
      throw new WebGpuProxyError(`${call}: ${reply.type === 'read' ? reply.error : 'unexpected reply'}`);
    }
    this.readMapped = { offset, bytes: reply.bytes };
    this.mapState = 'mapped';
    return undefined;
  }

  getMappedRange(offset = 0, size?: number): ArrayBuffer {
    if (this.mapState !== 'mapped') throw new WebGpuProxyError(`GPUBuffer.getMappedRange: the buffer is ${this.mapState}, not mapped`);
    if (this.readMapped !== undefined) {
      const start = offset - this.readMapped.offset;
      return this.readMapped.bytes.slice(start, size === undefined ? undefined : start + size);
    }
    const bytes = new ArrayBuffer(size ?? this.size - offset);
    this.writeRanges.push({ offset, bytes });
    return bytes;
  }

  unmap(): void {
    if (this.mapState === 'mapped' && this.readMapped === undefined) {
      // Written through getMappedRange on a buffer mapped at creation: the bytes go to the worker.
      const ranges = this.writeRanges;
      this.writeRanges = [];
      if (ranges.every((r) => fitsWord(r.offset)) && ranges.reduce((n, r) => n + r.bytes.byteLength, 0) <= INLINE_BYTES) {
        this.link.out.unmapWrite(this.remoteId, ranges.map((r) => ({ offset: r.offset, bytes: new Uint8Array(r.bytes) })));
      } else {
        this.link.push({ op: 'unmapWrite', buffer: this.remoteId, ranges }, ranges.map((r) => r.bytes));
      }
    }
    // A read mapping was already unmapped on the worker once its bytes were copied.
    this.readMapped = undefined;
    this.mapState = 'unmapped';
  }

  destroy(): void {
    this.link.out.destroyBuffer(this.remoteId);
  }
}

export class RemotePipeline extends Remote {
  private readonly layouts = new Map<number, RemoteHandle>();
  /** One proxy per index: tfjs-backend-webgpu asks for layout 0 at every dispatch, and one layout object serves every bind group. */
  getBindGroupLayout(index: number): RemoteHandle {
    let layout = this.layouts.get(index);
    if (layout === undefined) {
      layout = this.create('getBindGroupLayout', [index], (id) => new RemoteHandle(this.link, id));
      this.layouts.set(index, layout);
    }
    return layout;
  }
}

export class RemotePassEncoder extends Remote {
  setPipeline(pipeline: RemotePipeline): void {
    this.link.out.setPipeline(this.remoteId, pipeline.remoteId);
  }
  setBindGroup(index: number, group: RemoteHandle | null, offsets?: number[]): void {
    if (group === null || offsets !== undefined) return this.call('setBindGroup', offsets === undefined ? [index, group] : [index, group, offsets]);
    this.link.out.setBindGroup(this.remoteId, index, group.remoteId);
  }
  dispatchWorkgroups(x: number, y = 1, z = 1): void {
    if (!fitsWord(x) || !fitsWord(y) || !fitsWord(z)) return this.call('dispatchWorkgroups', [x, y, z]);
    this.link.out.dispatch(this.remoteId, x, y, z);
  }
  dispatchWorkgroupsIndirect(buffer: RemoteBuffer, offset: number): void {
    this.call('dispatchWorkgroupsIndirect', [buffer, offset]);
  }
  /** Ends the pass; the device thread forgets it. */
  end(): void {
    this.link.out.end(this.remoteId);
  }
}

export class RemoteCommandEncoder extends Remote {
  beginComputePass(descriptor: object = {}): RemotePassEncoder {
    if (!isEmpty(descriptor)) return this.create('beginComputePass', [descriptor], (id) => new RemotePassEncoder(this.link, id));
    const pass = new RemotePassEncoder(this.link, this.link.id());
    this.link.out.beginComputePass(this.remoteId, pass.remoteId);
    return pass;
  }
  copyBufferToBuffer(source: RemoteBuffer, sourceOffset: number, destination: RemoteBuffer, destinationOffset: number, size: number): void {
    if (![sourceOffset, destinationOffset, size].every(fitsWord)) return this.call('copyBufferToBuffer', [source, sourceOffset, destination, destinationOffset, size]);
    this.link.out.copyBufferToBuffer(this.remoteId, source.remoteId, sourceOffset, destination.remoteId, destinationOffset, size);
  }
  clearBuffer(buffer: RemoteBuffer, offset?: number, size?: number): void {
    this.call('clearBuffer', [buffer, offset ?? 0, size ?? buffer.size - (offset ?? 0)]);
  }
  resolveQuerySet(querySet: RemoteQuerySet, first: number, count: number, destination: RemoteBuffer, offset: number): void {
    this.call('resolveQuerySet', [querySet, first, count, destination, offset]);
  }
  copyBufferToTexture(): never {
    unsupported('GPUCommandEncoder.copyBufferToTexture', 'textures are used only for browser images and canvases');
  }
  /** The command buffer; the device thread forgets the encoder. */
  finish(): RemoteHandle {
    const buffer = new RemoteHandle(this.link, this.link.id());
    this.link.out.finish(this.remoteId, buffer.remoteId);
    return buffer;
  }
}

export class RemoteQueue extends Remote {
  constructor(link: DeviceLink, id: number) {
    super(link, id);
  }
  /** Submits and posts the batch; the device thread forgets the command buffers. */
  submit(commandBuffers: RemoteHandle[]): void {
    this.link.out.submit(commandBuffers.map((b) => b.remoteId));
    this.link.flush();
  }
  writeBuffer(buffer: RemoteBuffer, bufferOffset: number, data: ArrayBuffer | ArrayBufferView, dataOffset = 0, size?: number): void {
    // The bytes are copied now, as WebGPU does: the caller may reuse its array right after.
    const view = byteView(data, dataOffset, size);
    if (view.byteLength <= INLINE_BYTES && fitsWord(bufferOffset)) {
      this.link.out.writeBuffer(buffer.remoteId, bufferOffset, view);
      return;
    }
    const bytes = view.slice().buffer;
    this.link.push({ op: 'writeBuffer', buffer: buffer.remoteId, offset: bufferOffset, bytes }, [bytes]);
  }
  async onSubmittedWorkDone(): Promise<undefined> {
    const request = this.link.request();
    this.link.push({ op: 'workDone', request });
    const reply = await this.link.reply(request);
    if (reply.type === 'value' && reply.error !== undefined) throw new WebGpuProxyError(`GPUQueue.onSubmittedWorkDone: ${reply.error}`);
    return undefined;
  }
  writeTexture(): never {
    unsupported('GPUQueue.writeTexture', 'textures are used only for browser images and canvases');
  }
  copyExternalImageToTexture(): never {
    unsupported('GPUQueue.copyExternalImageToTexture (tf.browser.fromPixels)', 'there are no browser images in Node');
  }
}

export class RemoteDevice extends Remote {
  readonly queue: RemoteQueue;
  readonly features: ReadonlySet<string>;
  readonly limits: Readonly<Record<string, number>>;
  readonly lost: Promise<{ reason: string; message: string }>;
  onuncapturederror: unknown = null;

  constructor(
    link: DeviceLink,
    features: string[],
    limits: Record<string, number>,
    readonly adapterInfo: object,
  ) {
    super(link, DEVICE_ID);
    this.queue = new RemoteQueue(link, QUEUE_ID);
    this.features = new Set(features);
    this.limits = Object.freeze({ ...limits });
    this.lost = new Promise((resolve) => {
      link.onLost = resolve;
    });
  }

  /** The link, for synchronous reads and measurements. */
  get channel(): DeviceLink {
    return this.link;
  }

  createBuffer(descriptor: { size: number; usage: number; mappedAtCreation?: boolean; label?: string }): RemoteBuffer {
    const id = this.link.id();
    const buffer = new RemoteBuffer(this.link, id, descriptor.size, descriptor.usage, descriptor.mappedAtCreation === true);
    this.link.track(buffer, id);
    if (!descriptor.label && fitsWord(descriptor.size) && fitsWord(descriptor.usage)) {
      this.link.out.createBuffer(id, descriptor.size, descriptor.usage, descriptor.mappedAtCreation === true);
      return buffer;
    }
    this.link.push({
      op: 'createBuffer',
      descriptor: { size: descriptor.size, usage: descriptor.usage, mappedAtCreation: descriptor.mappedAtCreation === true, ...(descriptor.label ? { label: descriptor.label } : {}) },
      result: id,
    });
    return buffer;
  }
  createShaderModule(descriptor: { code: string; label?: string }): RemoteHandle {
    return this.create('createShaderModule', [descriptor], (id) => new RemoteHandle(this.link, id));
  }
  createComputePipeline(descriptor: object): RemotePipeline {
    return this.create('createComputePipeline', [descriptor], (id) => new RemotePipeline(this.link, id));
  }
  /** Created in order on the device thread (without waiting); compilation errors surface at the next read. */
  async createComputePipelineAsync(descriptor: object): Promise<RemotePipeline> {
    return this.createComputePipeline(descriptor);
  }
  createBindGroupLayout(descriptor: object): RemoteHandle {
    return this.create('createBindGroupLayout', [descriptor], (id) => new RemoteHandle(this.link, id));
  }
  createPipelineLayout(descriptor: object): RemoteHandle {
    return this.create('createPipelineLayout', [descriptor], (id) => new RemoteHandle(this.link, id));
  }
  createBindGroup(descriptor: object): RemoteHandle {
    const id = this.link.id();
    const group = new RemoteHandle(this.link, id);
    const entries = bufferEntries(descriptor);
    if (entries !== undefined) {
      this.link.out.createBindGroup(id, (descriptor as { layout: Remote }).layout.remoteId, entries);
    } else {
      this.link.push({ op: 'call', target: DEVICE_ID, method: 'createBindGroup', args: encode([descriptor]) as unknown[], result: id });
    }
    // Bind groups are made per dispatch; the worker forgets each once its proxy is collected.
    this.link.track(group, id);
    return group;
  }
  createCommandEncoder(descriptor: object = {}): RemoteCommandEncoder {
    if (!isEmpty(descriptor)) return this.create('createCommandEncoder', [descriptor], (id) => new RemoteCommandEncoder(this.link, id));
    const encoder = new RemoteCommandEncoder(this.link, this.link.id());
    this.link.out.createCommandEncoder(encoder.remoteId);
    return encoder;
  }
  createQuerySet(descriptor: { type: string; count: number }): RemoteQuerySet {
    return this.create('createQuerySet', [descriptor], (id) => new RemoteQuerySet(this.link, id, descriptor.type, descriptor.count));
  }
  pushErrorScope(filter: string): void {
    this.call('pushErrorScope', [filter]);
  }
  async popErrorScope(): Promise<{ message: string } | null> {
    const request = this.link.request();
    this.link.push({ op: 'popErrorScope', request });
    const reply = await this.link.reply(request);
    if (reply.type !== 'value') throw new WebGpuProxyError('GPUDevice.popErrorScope: unexpected reply');
    if (reply.error !== undefined) throw new WebGpuProxyError(`GPUDevice.popErrorScope: ${reply.error}`);
    return reply.value as { message: string } | null;
  }
  createTexture(): never {
    unsupported('GPUDevice.createTexture', 'textures are used only for browser images and canvases');
  }
  importExternalTexture(): never {
    unsupported('GPUDevice.importExternalTexture (video input)', 'there is no video in Node');
  }
  createSampler(): never {
    unsupported('GPUDevice.createSampler', 'textures are used only for browser images and canvases');
  }
  addEventListener(): void {
    // Device errors are collected by the device thread and thrown at the next read (DeviceLink.throwDeviceErrors).
  }
  removeEventListener(): void {}
  destroy(): void {
    this.call('destroy', []);
    this.link.flush();
  }
}

/** The classes tfjs-backend-webgpu tests with instanceof: GPUBuffer must be the proxy's. */
export class RemoteTexture extends Remote {}
