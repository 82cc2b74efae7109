// The webgpu rung: @tensorflow/tfjs-backend-webgpu on Dawn, the WebGPU implementation that the
// `webgpu` npm package ships as a native addon (dawn.node). It reaches any GPU with a Vulkan,
// Metal or D3D12 driver, whatever CUDA version is (or is not) installed.

import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activate } from '../activate';
import { installFusedAdam } from '../fused/adam';
import { registerWebgpuKernels } from '../webgpu/register';
import { startDevice } from '../webgpu/startDevice';
import { makeSyncReadBackend } from '../webgpu/syncBackend';
import { findPackageDir } from '../optionalPackage';
import { findSharedLibrary, linuxGpuDevices } from '../sharedLibrary';
import { RungUnavailable } from '../timeout';
import type { Rung, RungContext } from './context';

const platformDir = `${process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`}`;

/**
 * TLNB_WEBGPU_ALLOW_SOFTWARE=1 lets the rung take a software adapter (SwiftShader, lavapipe): for
 * tests, which run the GPU code path on CPU-only machines. Users never want it: it is slower than wasm.
 */
export function softwareAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TLNB_WEBGPU_ALLOW_SOFTWARE === '1';
}

/** dawn.node: from a `webgpu` package near the notebook, beside the kernel bundle, or the kernel's install. */
export function findDawn(searchPaths: readonly string[]): string | undefined {
  const candidates: string[] = [];
  const nearNotebook = findPackageDir('webgpu', searchPaths);
  if (nearNotebook !== undefined) candidates.push(join(nearNotebook, 'dist', platformDir, 'dawn.node'));
  candidates.push(join(__dirname, 'webgpu', platformDir, 'dawn.node'));
  return candidates.find((path) => existsSync(path));
}

export const NO_GPU_DEVICE_NODE =
  'no WebGPU adapter — no GPU device node (/dev/dri/renderD*, /dev/nvidia*, /dev/dxg), so Vulkan could offer only a software adapter, slower than wasm; Dawn was not started';

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
  if (process.platform === 'linux' && !softwareAllowed() && process.env.VK_ICD_FILENAMES === undefined && linuxGpuDevices().length === 0) {
    // Without a GPU device node Vulkan can only offer a software adapter, which the rung refuses;
    // Dawn is not loaded at all, as looking would print its warnings about the software drivers
    // ("Vulkan shaderUniform*ArrayDynamicIndexing required … PhysicalDeviceVk.cpp") on stderr.
    // A Vulkan driver named with VK_ICD_FILENAMES is looked at: the adapter it offers is named in
    // the reason (e.g. SwiftShader's, refused as software unless TLNB_WEBGPU_ALLOW_SOFTWARE=1).
    throw new RungUnavailable(NO_GPU_DEVICE_NODE, 'absent');
  }
  // Imported before navigator.gpu exists (startDevice defines it), so that it does not register
  // a backend of its own that would look for an adapter again.
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const started = await withQuietWayland(() => startDevice(dawnPath, { allowSoftware: softwareAllowed(), timeoutMs }));
  if (!('device' in started)) {
    if (started.reason === 'no adapter') {
      const { reason, failure } = noAdapterReason();
      throw new RungUnavailable(reason, failure);
    }
    throw new RungUnavailable(started.reason, started.failure);
  }
  const { device, adapter, software, limits } = started;
  registerWebgpuKernels();
  installFusedAdam();
  const Backend = makeSyncReadBackend(tf, WebGPUBackend);
  try {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the device proxy (lib/backends/webgpu) stands in for GPUDevice, which tfjs-backend-webgpu types from @webgpu/types
    await activate(tf, 'webgpu', () => new Backend(device as never, device.adapterInfo as never), timeoutMs, 3);
  } catch (error) {
    await started.worker.terminate();
    throw error;
  }
  return `${adapter.name}${software ? ' (software adapter, allowed by TLNB_WEBGPU_ALLOW_SOFTWARE=1: for testing only)' : ''} via Dawn, ${memoryLimits(limits)}`;
}

/** "maxBufferSize 2 GiB, maxStorageBufferBindingSize 2 GiB": how big one tensor may be on this GPU. */
export function memoryLimits(limits: Record<string, number>): string {
  const size = (bytes: number | undefined) => {
    if (bytes === undefined) return 'unknown';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
  };
  return `maxBufferSize ${size(limits.maxBufferSize)}, maxStorageBufferBindingSize ${size(limits.maxStorageBufferBindingSize)}`;
}

/**
 * Vulkan drivers probe Wayland while Dawn enumerates adapters, and libwayland prints
 * "error: XDG_RUNTIME_DIR is invalid or not set" to stderr when that variable is unset (servers,
 * containers, CI). An empty private value for the duration keeps the kernel's stderr clean.
 */
async function withQuietWayland<T>(run: () => Promise<T>): Promise<T> {
  if (process.platform !== 'linux' || process.env.XDG_RUNTIME_DIR !== undefined) return run();
  process.env.XDG_RUNTIME_DIR = join(tmpdir(), `tlnb-no-wayland-${process.pid}`);
  try {
    return await run();
  } finally {
    delete process.env.XDG_RUNTIME_DIR;
  }
}

export const webgpuRung: Rung = { name: 'webgpu', start };
