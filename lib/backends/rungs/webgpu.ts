// The webgpu rung: @tensorflow/tfjs-backend-webgpu on Dawn, the WebGPU implementation that the
// `webgpu` npm package ships as a native addon (dawn.node). It reaches any GPU with a Vulkan,
// Metal or D3D12 driver, whatever CUDA version is (or is not) installed.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { activate } from '../activate';
import { findPackageDir } from '../optionalPackage';
import { findSharedLibrary, linuxGpuDevices } from '../sharedLibrary';
import { RungUnavailable, withTimeout } from '../timeout';
import type { Rung, RungContext } from './context';

/** What dawn.node exports (the subset used here). */
interface Dawn {
  create(flags: string[]): { requestAdapter(options?: object): Promise<Adapter | null> };
  globals: Record<string, unknown>;
}
interface Adapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  features: ReadonlySet<string>;
  limits: Record<string, number>;
  requestDevice(descriptor?: object): Promise<unknown>;
}

const platformDir = `${process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`}`;
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software/i;

/** dawn.node: from a `webgpu` package near the notebook, beside the kernel bundle, or the kernel's install. */
export function findDawn(searchPaths: readonly string[]): string | undefined {
  const candidates: string[] = [];
  const nearNotebook = findPackageDir('webgpu', searchPaths);
  if (nearNotebook !== undefined) candidates.push(join(nearNotebook, 'dist', platformDir, 'dawn.node'));
  candidates.push(join(__dirname, 'webgpu', platformDir, 'dawn.node'));
  return candidates.find((path) => existsSync(path));
}

function noAdapterReason(): { reason: string; failure: 'absent' | 'unusable' } {
  if (process.platform !== 'linux') {
    return { reason: 'no WebGPU adapter — Dawn found no GPU with a Metal or D3D12 driver', failure: 'absent' };
  }
  const devices = linuxGpuDevices();
  const failure = devices.length > 0 ? 'unusable' : 'absent';
  if (findSharedLibrary('libvulkan.so.1') === undefined) {
    return {
      reason: 'no WebGPU adapter — the Vulkan loader libvulkan.so.1 is not installed (Debian/Ubuntu: apt install libvulkan1, plus your GPU\'s Vulkan driver)',
      failure,
    };
  }
  const gpus = devices.length > 0 ? `GPU device nodes exist (${devices.join(', ')}) but ` : 'no GPU device node was found and ';
  return {
    reason: `no WebGPU adapter — ${gpus}Dawn found no Vulkan GPU (install the GPU's Vulkan driver: mesa-vulkan-drivers or NVIDIA's; check with vulkaninfo)`,
    failure,
  };
}

function adapterName(adapter: Adapter): string {
  const info = adapter.info ?? {};
  return [info.vendor, info.architecture, info.device, info.description].filter((s) => s !== undefined && s !== '').join(' ') || 'unnamed adapter';
}

/** Makes WebGPU's globals visible to tfjs-backend-webgpu, which expects a browser. */
function exposeWebGpu(dawn: Dawn, gpu: unknown): void {
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else if (g.navigator.gpu === undefined) {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  }
}

async function start(ctx: RungContext): Promise<string> {
  const { tf, timeoutMs } = ctx;
  const dawnPath = findDawn(ctx.searchPaths);
  if (dawnPath === undefined) {
    throw new RungUnavailable(`Dawn (dawn.node for ${platformDir}) not found — npm install webgpu in the notebook's folder`, 'absent');
  }
  if (process.platform === 'linux' && findSharedLibrary('libvulkan.so.1') === undefined) {
    // Dawn reaches GPUs on Linux through Vulkan only; without the loader it would just print a
    // warning and find nothing.
    const { reason, failure } = noAdapterReason();
    throw new RungUnavailable(reason, failure);
  }
  let dawn: Dawn;
  try {
    dawn = createRequire(__filename)(dawnPath) as Dawn;
  } catch (error) {
    throw new RungUnavailable(`Dawn failed to load from ${dawnPath}: ${(error as Error).message}`, 'unusable');
  }
  const gpu = dawn.create([]);
  const adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), timeoutMs, 'asking Dawn for a GPU adapter');
  if (adapter === null) {
    const { reason, failure } = noAdapterReason();
    throw new RungUnavailable(reason, failure);
  }
  const name = adapterName(adapter);
  if (adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true || SOFTWARE_ADAPTER.test(name)) {
    throw new RungUnavailable(`only a software WebGPU adapter (${name}), which is slower than wasm`, 'absent');
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
  const device = await withTimeout(adapter.requestDevice({ requiredFeatures, requiredLimits }), timeoutMs, `opening ${name}`);
  // Imported only now, and before navigator.gpu exists, so that it does not register a
  // backend of its own that would look for an adapter again.
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  exposeWebGpu(dawn, gpu);
  await activate(tf, 'webgpu', () => new WebGPUBackend(device as never, adapter.info as never), timeoutMs, 3);
  return `${name} via Dawn`;
}

export const webgpuRung: Rung = { name: 'webgpu', start };
