// What the kernel's main thread and its WebGPU device thread (deviceWorker.ts) say to each other.
//
// Dawn's node bindings settle mapAsync only through the event loop of the thread that owns the
// device, so a synchronous read (dataSync) cannot wait for the GPU on that thread. The device
// therefore lives on a worker thread; the main thread holds proxies (deviceProxy.ts) that forward
// every WebGPU call in batches without waiting, and blocks in Atomics.wait only for a read.

import type { MessagePort } from 'node:worker_threads';

/** Slots of the Int32Array (on a SharedArrayBuffer) the two threads share. */
export const SIGNAL = {
  /** Bumped by the worker after each reply it posts, then notified: a blocked main thread wakes. */
  replies: 0,
  /** Bumped by the worker every HEARTBEAT_MS while its event loop turns. */
  heartbeat: 1,
  /** Set to 1 by the main thread as the process exits: the worker runs no further command. */
  closing: 2,
  /** 1 while the worker runs a batch, so that an exiting main thread waits for it to stop between commands. */
  busy: 3,
} as const;
export const SIGNAL_SLOTS = 4;
/** How long an exiting process waits for the device thread to stop between two commands. */
export const CLOSE_WAIT_MS = 500;
export const HEARTBEAT_MS = 100;

/** An object that lives on the device thread, named in a command's arguments. */
export interface Ref {
  $: number;
}

/** Fixed ids of the objects the worker owns from the start. */
export const DEVICE_ID = 1;
export const QUEUE_ID = 2;

/**
 * Commands outside the command stream's fixed shapes (commandStream.ts): a batch is that stream of
 * words, with these in `extras`, each taken where the stream names one.
 */
export type Command =
  /** target[method](...args); the result is kept as `result` when that is not 0. */
  | { op: 'call'; target: number; method: string; args: unknown[]; result: number }
  /** device.createBuffer(descriptor) kept as `result`. */
  | { op: 'createBuffer'; descriptor: { size: number; usage: number; mappedAtCreation?: boolean; label?: string }; result: number }
  /** queue.writeBuffer(buffer, offset, bytes). */
  | { op: 'writeBuffer'; buffer: number; offset: number; bytes: ArrayBuffer }
  /** Fills the ranges the main thread wrote into a buffer mapped at creation, then unmaps it. */
  | { op: 'unmapWrite'; buffer: number; ranges: { offset: number; bytes: ArrayBuffer }[] }
  /** mapAsync(READ) on the worker, copy the range, unmap: answered with a ReadReply. */
  | { op: 'mapRead'; buffer: number; offset: number; size: number; request: number }
  /** device.popErrorScope(), queue.onSubmittedWorkDone(): answered with a ValueReply. */
  | { op: 'popErrorScope'; request: number }
  | { op: 'workDone'; request: number };

/** A batch: the command stream (commandStream.ts) and the commands it names in order. */
export type ToWorker = { type: 'batch'; stream: ArrayBuffer; extras: Command[] };

export interface ReadReply {
  type: 'read';
  request: number;
  bytes?: ArrayBuffer;
  error?: string;
}
export interface ValueReply {
  type: 'value';
  request: number;
  value?: unknown;
  error?: string;
}
/** Errors the device reported (validation, out of memory, a failed call), as they happen. */
export interface ErrorReply {
  type: 'errors';
  messages: string[];
}
export interface LostReply {
  type: 'lost';
  reason: string;
  message: string;
}
export type FromWorker = ReadReply | ValueReply | ErrorReply | LostReply;

/** What the worker answers once, after it looked for an adapter. */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  name: string;
}
export type StartReply =
  | {
      type: 'started';
      adapter: AdapterSummary;
      software: boolean;
      features: string[];
      limits: Record<string, number>;
      /** Numeric constants from Dawn's globals (GPUBufferUsage.*, GPUMapMode.*, …). */
      constants: Record<string, Record<string, number>>;
      /** What the native side wrote to stderr while it looked for an adapter. */
      noise: string[];
    }
  | { type: 'refused'; reason: string; failure: 'absent' | 'unusable'; adapter?: AdapterSummary; noise: string[] };

export interface DeviceWorkerData {
  dawnPath: string;
  flags: string[];
  allowSoftware: boolean;
  signal: Int32Array;
  replies: MessagePort;
}
