// Starts the WebGPU device thread (deviceWorker.ts) and returns the main thread's proxy of its
// device, or the reason there is none. The worker is unreferenced: it never keeps the kernel alive.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { withTimeout } from '../timeout';
import { DeviceLink, RemoteBuffer, RemoteDevice, RemoteTexture } from './deviceProxy';
import { SIGNAL_SLOTS, type AdapterSummary, type DeviceWorkerData, type StartReply } from './protocol';

export interface StartedDevice {
  device: RemoteDevice;
  adapter: AdapterSummary;
  software: boolean;
  limits: Record<string, number>;
  worker: Worker;
}

/** dist/webgpuDevice.js beside the kernel bundle; the TypeScript source when run from source (tests, tsx). */
function workerScript(): string {
  const bundled = join(__dirname, 'webgpuDevice.js');
  return existsSync(bundled) ? bundled : join(__dirname, 'deviceWorker.ts');
}

export async function startDevice(
  dawnPath: string,
  options: { allowSoftware: boolean; timeoutMs: number; flags?: string[] },
): Promise<StartedDevice | Extract<StartReply, { type: 'refused' }>> {
  const signal = new Int32Array(new SharedArrayBuffer(SIGNAL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const channel = new MessageChannel();
  const data: DeviceWorkerData = { dawnPath, flags: options.flags ?? [], allowSoftware: options.allowSoftware, signal, replies: channel.port2 };
  const script = workerScript();
  const workerOptions = { workerData: data, transferList: [channel.port2], name: 'tlnb webgpu device' };
  // From source (tests), the worker registers tsx itself: loader hooks do not reach workers on Node 20.
  const worker = script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { ...workerOptions, eval: true })
    : new Worker(script, workerOptions);
  const port = channel.port1;
  let reply: StartReply;
  try {
    reply = await withTimeout(
      new Promise<StartReply>((resolve, reject) => {
        port.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the WebGPU device thread exited (code ${code}) before it found an adapter`)));
      }),
      options.timeoutMs,
      'asking Dawn for a GPU adapter',
    );
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.on('error', () => {});
  if (reply.type === 'refused') {
    await worker.terminate();
    return reply;
  }
  worker.unref();
  exposeGlobals(reply.constants);
  const link = new DeviceLink(worker, port, signal);
  const device = new RemoteDevice(link, reply.features, reply.limits, { vendor: reply.adapter.vendor, architecture: reply.adapter.architecture });
  return { device, adapter: reply.adapter, software: reply.software, limits: reply.limits, worker };
}

/**
 * The WebGPU globals tfjs-backend-webgpu reads: the usage constants (Dawn's values), navigator.gpu
 * (it only checks that one exists), and GPUBuffer/GPUTexture for its instanceof tests — the
 * proxies' classes, since Dawn's objects live on the device thread.
 */
function exposeGlobals(constants: Record<string, Record<string, number>>): void {
  const define = (name: string, value: unknown) => Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  for (const [name, table] of Object.entries(constants)) define(name, Object.freeze({ ...table }));
  define('GPUBuffer', RemoteBuffer);
  define('GPUTexture', RemoteTexture);
  const gpu = { requestAdapter: () => Promise.reject(new Error('tlnb opened the GPU already: use the active webgpu backend')) };
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator === undefined) define('navigator', { gpu });
  else if (g.navigator.gpu === undefined) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}
