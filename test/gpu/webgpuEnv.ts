// Where the GPU tests get a WebGPU adapter. On a machine without a GPU (CI, these machines), Dawn
// runs on SwiftShader, the software Vulkan driver Debian's chromium package ships, with the rung's
// testing-only opt-in TLNB_WEBGPU_ALLOW_SOFTWARE=1. With TLNB_GPU_CHECK=real (npm run check:gpu on
// a GPU machine) the tests take the machine's own adapter instead.

import { existsSync } from 'node:fs';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** The environment the GPU tests give the kernel, the CLI and the rung. */
export function gpuTestEnv(): Record<string, string> {
  if (process.env.TLNB_GPU_CHECK === 'real') return {};
  return { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD, TLNB_WEBGPU_ALLOW_SOFTWARE: '1' };
}

/**
 * Why the GPU tests cannot run here, or undefined when they can. CI installs chromium (SwiftShader)
 * and libvulkan1, so there they always run; a developer machine without them skips with this reason.
 */
export function gpuUnavailable(): string | undefined {
  if (process.env.TLNB_GPU_CHECK === 'real' || process.env.CI !== undefined) return undefined;
  if (!existsSync(process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD)) return `no SwiftShader Vulkan driver at ${SWIFTSHADER_ICD} (apt install chromium libvulkan1)`;
  return undefined;
}

/** Applies gpuTestEnv() to this process (for tests that start the rung in-process). */
export function useGpuTestEnv(): void {
  Object.assign(process.env, gpuTestEnv());
}
