// How the main thread's WebGPU calls travel to the device thread: a batch is one flat stream of
// 32-bit words (an opcode, then its arguments; object ids, sizes and small uploads inline), plus the
// rare calls that do not fit a fixed shape as structured-cloned commands (`extras`, taken in order).
//
// tfjs-backend-webgpu makes five calls per dispatch (a uniform upload, a bind group, set pipeline,
// set bind group, dispatch). Sent as objects, they cost more in postMessage's structured clone and
// in garbage than tfjs's own work for the op (docs/benchmarks/gpu.md, "The device proxy's cost per
// op"); as words they cost a few stores, and a batch is one transferred ArrayBuffer.

import type { Command, ToWorker } from './protocol';

/** Opcodes of the stream. Ids are the device thread's object ids (protocol.ts, Ref). */
const enum Op {
  /** extras[next] (a Command), for calls outside the shapes below. */
  Extra = 1,
  /** pass, pipeline */
  SetPipeline,
  /** pass, index, group */
  SetBindGroup,
  /** pass, x, y, z */
  Dispatch,
  /** result, layout, n, then n × (binding, buffer, offset, size or WHOLE) */
  CreateBindGroup,
  /** buffer, offset, byteLength, then the bytes padded to a word */
  WriteBuffer,
  /** result, size, usage, mappedAtCreation (0/1) */
  CreateBuffer,
  /** result */
  CreateCommandEncoder,
  /** encoder, result */
  BeginComputePass,
  /** pass; the pass is forgotten after */
  End,
  /** encoder, result; the encoder is forgotten after */
  Finish,
  /** n, then n command buffer ids; they are forgotten after */
  Submit,
  /** encoder, source, sourceOffset, destination, destinationOffset, size */
  CopyBufferToBuffer,
  /** n, then n ids to forget */
  Release,
  /** buffer, n, then n × (offset, byteLength, the bytes padded to a word); then unmap */
  UnmapWrite,
  /** buffer */
  DestroyBuffer,
}

/** A bind group entry's size when the binding covers the whole buffer (no size given). */
const WHOLE = -1;
/** Uploads up to this size travel inside the stream; larger ones are transferred as they are. */
export const INLINE_BYTES = 64 * 1024;

/** A value the stream can hold as an unsigned 32-bit word. */
export function fitsWord(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff;
}

/** Bytes written into a buffer mapped at creation, at `offset` in the buffer. */
export interface MappedRange {
  offset: number;
  bytes: Uint8Array;
}

/** A bind group entry in the one shape tfjs-backend-webgpu uses: a buffer range. */
export interface BufferEntry {
  binding: number;
  buffer: number;
  offset?: number;
  size?: number;
}

/** Builds one batch; `take` hands it over and starts the next. */
export class CommandWriter {
  /** `beforeCommand` runs as each command starts (the link posts a full batch there and schedules the next post). */
  constructor(private readonly beforeCommand: () => void = () => {}) {}

  private words = new Int32Array(1024);
  private used = 0;
  private extras: Command[] = [];
  private transfer: ArrayBuffer[] = [];
  /** Bytes the batch carries (inline and transferred), for the size limit of a batch. */
  bytes = 0;
  /** Commands in the batch. */
  count = 0;

  private reserve(n: number): Int32Array {
    this.beforeCommand();
    if (this.used + n > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, this.used + n));
      grown.set(this.words.subarray(0, this.used));
      this.words = grown;
    }
    this.count++;
    return this.words;
  }

  private put(...values: number[]): void {
    const words = this.reserve(values.length);
    for (const value of values) words[this.used++] = value;
  }

  extra(command: Command, transfer: ArrayBuffer[] = []): void {
    this.put(Op.Extra);
    this.extras.push(command);
    for (const bytes of transfer) {
      this.transfer.push(bytes);
      this.bytes += bytes.byteLength;
    }
  }

  setPipeline(pass: number, pipeline: number): void {
    this.put(Op.SetPipeline, pass, pipeline);
  }

  setBindGroup(pass: number, index: number, group: number): void {
    this.put(Op.SetBindGroup, pass, index, group);
  }

  dispatch(pass: number, x: number, y: number, z: number): void {
    this.put(Op.Dispatch, pass, x, y, z);
  }

  createBindGroup(result: number, layout: number, entries: BufferEntry[]): void {
    const words = this.reserve(4 + 4 * entries.length);
    words[this.used++] = Op.CreateBindGroup;
    words[this.used++] = result;
    words[this.used++] = layout;
    words[this.used++] = entries.length;
    for (const entry of entries) {
      words[this.used++] = entry.binding;
      words[this.used++] = entry.buffer;
      words[this.used++] = entry.offset ?? 0;
      words[this.used++] = entry.size ?? WHOLE;
    }
  }

  /** `bytes` is copied now (the caller may reuse its array, as WebGPU allows). */
  writeBuffer(buffer: number, offset: number, bytes: Uint8Array): void {
    const words = this.reserve(3 + 1 + ((bytes.byteLength + 3) >>> 2));
    words[this.used++] = Op.WriteBuffer;
    words[this.used++] = buffer;
    words[this.used++] = offset;
    this.putBytes(bytes);
  }

  /** The ranges written into a buffer mapped at creation, then its unmap. */
  unmapWrite(buffer: number, ranges: MappedRange[]): void {
    const words = this.reserve(3 + ranges.reduce((n, r) => n + 2 + ((r.bytes.byteLength + 3) >>> 2), 0));
    words[this.used++] = Op.UnmapWrite;
    words[this.used++] = buffer;
    words[this.used++] = ranges.length;
    for (const range of ranges) {
      words[this.used++] = range.offset;
      this.putBytes(range.bytes);
    }
  }

  /** Length, then the bytes padded to a word (space reserved by the caller). */
  private putBytes(bytes: Uint8Array): void {
    const length = bytes.byteLength;
    this.words[this.used++] = length;
    new Uint8Array(this.words.buffer, this.used * 4, length).set(bytes);
    this.used += (length + 3) >>> 2;
    this.bytes += length;
  }

  destroyBuffer(buffer: number): void {
    this.put(Op.DestroyBuffer, buffer);
  }

  createBuffer(result: number, size: number, usage: number, mappedAtCreation: boolean): void {
    this.put(Op.CreateBuffer, result, size, usage, mappedAtCreation ? 1 : 0);
  }

  createCommandEncoder(result: number): void {
    this.put(Op.CreateCommandEncoder, result);
  }

  beginComputePass(encoder: number, result: number): void {
    this.put(Op.BeginComputePass, encoder, result);
  }

  end(pass: number): void {
    this.put(Op.End, pass);
  }

  finish(encoder: number, result: number): void {
    this.put(Op.Finish, encoder, result);
  }

  submit(commandBuffers: number[]): void {
    this.put(Op.Submit, commandBuffers.length, ...commandBuffers);
  }

  copyBufferToBuffer(encoder: number, source: number, sourceOffset: number, destination: number, destinationOffset: number, size: number): void {
    this.put(Op.CopyBufferToBuffer, encoder, source, sourceOffset, destination, destinationOffset, size);
  }

  release(ids: number[]): void {
    this.put(Op.Release, ids.length, ...ids);
  }

  /** The batch as a message (undefined when empty); the writer starts a new one. */
  take(): { message: ToWorker; transfer: ArrayBuffer[] } | undefined {
    if (this.count === 0) return undefined;
    const stream = this.words.buffer.slice(0, this.used * 4) as ArrayBuffer;
    const taken = { message: { type: 'batch' as const, stream, extras: this.extras }, transfer: [stream, ...this.transfer] };
    this.used = 0;
    this.count = 0;
    this.bytes = 0;
    this.extras = [];
    this.transfer = [];
    return taken;
  }
}

/** What a reader of the stream does with each command (the device thread runs them). */
export interface CommandHandler {
  extra(command: Command): void;
  setPipeline(pass: number, pipeline: number): void;
  setBindGroup(pass: number, index: number, group: number): void;
  dispatch(pass: number, x: number, y: number, z: number): void;
  createBindGroup(result: number, layout: number, entries: BufferEntry[]): void;
  /** `bytes` is a view of the stream, valid during the call only. */
  writeBuffer(buffer: number, offset: number, bytes: Uint8Array): void;
  createBuffer(result: number, size: number, usage: number, mappedAtCreation: boolean): void;
  createCommandEncoder(result: number): void;
  beginComputePass(encoder: number, result: number): void;
  end(pass: number): void;
  finish(encoder: number, result: number): void;
  submit(commandBuffers: number[]): void;
  copyBufferToBuffer(encoder: number, source: number, sourceOffset: number, destination: number, destinationOffset: number, size: number): void;
  release(ids: number[]): void;
  /** The views are of the stream, valid during the call only. */
  unmapWrite(buffer: number, ranges: MappedRange[]): void;
  destroyBuffer(buffer: number): void;
}

/** A command's name in errors and traces: the WebGPU method, or the extra command's. */
export type CommandName = keyof CommandHandler | string;

/**
 * Runs every command of `batch` through `handler`, in order. A command that throws is passed to
 * `failed` with its name, and the next one runs (as WebGPU goes on after a failed call). Stops
 * early, between two commands, once `stop` says so.
 */
export function readCommands(batch: ToWorker, handler: CommandHandler, failed: (name: CommandName, error: unknown, command?: Command) => void, stop?: () => boolean): void {
  const words = new Int32Array(batch.stream);
  const u32 = (i: number) => words[i]! >>> 0;
  let extra = 0;
  let at = 0;
  while (at < words.length) {
    if (stop?.() === true) return;
    const op = words[at] as Op;
    let name: CommandName = '';
    let command: Command | undefined;
    try {
      switch (op) {
        case Op.Extra:
          command = batch.extras[extra++]!;
          name = command.op === 'call' ? command.method : command.op;
          at += 1;
          handler.extra(command);
          break;
        case Op.SetPipeline:
          name = 'setPipeline';
          at += 3;
          handler.setPipeline(words[at - 2]!, words[at - 1]!);
          break;
        case Op.SetBindGroup:
          name = 'setBindGroup';
          at += 4;
          handler.setBindGroup(words[at - 3]!, u32(at - 2), words[at - 1]!);
          break;
        case Op.Dispatch:
          name = 'dispatchWorkgroups';
          at += 5;
          handler.dispatch(words[at - 4]!, u32(at - 3), u32(at - 2), u32(at - 1));
          break;
        case Op.CreateBindGroup: {
          name = 'createBindGroup';
          const n = u32(at + 3);
          const entries: BufferEntry[] = [];
          for (let i = 0, e = at + 4; i < n; i++, e += 4) {
            const size = words[e + 3]!;
            entries.push(size === WHOLE ? { binding: u32(e), buffer: words[e + 1]!, offset: u32(e + 2) } : { binding: u32(e), buffer: words[e + 1]!, offset: u32(e + 2), size: size >>> 0 });
          }
          const result = words[at + 1]!;
          const layout = words[at + 2]!;
          at += 4 + 4 * n;
          handler.createBindGroup(result, layout, entries);
          break;
        }
        case Op.WriteBuffer: {
          name = 'writeBuffer';
          const length = u32(at + 3);
          const bytes = new Uint8Array(batch.stream, (at + 4) * 4, length);
          const buffer = words[at + 1]!;
          const offset = u32(at + 2);
          at += 4 + ((length + 3) >>> 2);
          handler.writeBuffer(buffer, offset, bytes);
          break;
        }
        case Op.CreateBuffer:
          name = 'createBuffer';
          at += 5;
          handler.createBuffer(words[at - 4]!, u32(at - 3), u32(at - 2), words[at - 1] === 1);
          break;
        case Op.CreateCommandEncoder:
          name = 'createCommandEncoder';
          at += 2;
          handler.createCommandEncoder(words[at - 1]!);
          break;
        case Op.BeginComputePass:
          name = 'beginComputePass';
          at += 3;
          handler.beginComputePass(words[at - 2]!, words[at - 1]!);
          break;
        case Op.End:
          name = 'end';
          at += 2;
          handler.end(words[at - 1]!);
          break;
        case Op.Finish:
          name = 'finish';
          at += 3;
          handler.finish(words[at - 2]!, words[at - 1]!);
          break;
        case Op.Submit:
        case Op.Release: {
          name = op === Op.Submit ? 'submit' : 'release';
          const n = u32(at + 1);
          const ids = Array.from(words.subarray(at + 2, at + 2 + n));
          at += 2 + n;
          if (op === Op.Submit) handler.submit(ids);
          else handler.release(ids);
          break;
        }
        case Op.UnmapWrite: {
          name = 'unmapWrite';
          const buffer = words[at + 1]!;
          const n = u32(at + 2);
          const ranges: MappedRange[] = [];
          let next = at + 3;
          for (let i = 0; i < n; i++) {
            const length = u32(next + 1);
            ranges.push({ offset: u32(next), bytes: new Uint8Array(batch.stream, (next + 2) * 4, length) });
            next += 2 + ((length + 3) >>> 2);
          }
          at = next;
          handler.unmapWrite(buffer, ranges);
          break;
        }
        case Op.DestroyBuffer:
          name = 'destroy';
          at += 2;
          handler.destroyBuffer(words[at - 1]!);
          break;
        case Op.CopyBufferToBuffer:
          name = 'copyBufferToBuffer';
          at += 7;
          handler.copyBufferToBuffer(words[at - 6]!, words[at - 5]!, u32(at - 4), words[at - 3]!, u32(at - 2), u32(at - 1));
          break;
        default:
          throw new Error(`unknown opcode ${String(op)} at word ${at} of a batch of ${words.length}: the two threads run different tlnb builds`);
      }
    } catch (error) {
      failed(name, error, command);
      if (name === '') return; // the rest of the stream cannot be read
    }
  }
}

/** The batch's commands as readable records (for TLNB_WEBGPU_TRACE and tests). */
export function describeCommands(batch: ToWorker): { name: CommandName; args: unknown[] }[] {
  const out: { name: CommandName; args: unknown[] }[] = [];
  const record =
    (name: CommandName) =>
    (...args: unknown[]) =>
      out.push({ name, args: args.map((a) => (a instanceof Uint8Array ? `<${a.byteLength} bytes>` : a)) });
  const handler: CommandHandler = {
    extra: (command) => out.push({ name: command.op === 'call' ? command.method : command.op, args: [command] }),
    setPipeline: record('setPipeline'),
    setBindGroup: record('setBindGroup'),
    dispatch: record('dispatchWorkgroups'),
    createBindGroup: record('createBindGroup'),
    writeBuffer: record('writeBuffer'),
    createBuffer: record('createBuffer'),
    createCommandEncoder: record('createCommandEncoder'),
    beginComputePass: record('beginComputePass'),
    end: record('end'),
    finish: record('finish'),
    submit: record('submit'),
    copyBufferToBuffer: record('copyBufferToBuffer'),
    release: record('release'),
    unmapWrite: (buffer, ranges) => out.push({ name: 'unmapWrite', args: [buffer, ranges.map((r) => ({ offset: r.offset, bytes: `<${r.bytes.byteLength} bytes>` }))] }),
    destroyBuffer: record('destroy'),
  };
  readCommands(batch, handler, (name, error) => out.push({ name, args: [`unreadable: ${String(error)}`] }));
  return out;
}
