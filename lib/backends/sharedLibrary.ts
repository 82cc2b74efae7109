// Whether a shared library can be found the way the dynamic loader would (LD_LIBRARY_PATH, then
// the usual system folders), so a skipped rung can name the missing library.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SYSTEM_LIBRARY_DIRS = [
  '/lib',
  '/lib64',
  '/usr/lib',
  '/usr/lib64',
  '/usr/local/lib',
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
];

export function findSharedLibrary(file: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = (env['LD_LIBRARY_PATH'] ?? '').split(':').filter((d) => d !== '');
  for (const dir of [...fromEnv, ...SYSTEM_LIBRARY_DIRS]) {
    const path = join(dir, file);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Device nodes a GPU driver creates on Linux (DRM render nodes, NVIDIA's, WSL's /dev/dxg): a Vulkan driver reaches a GPU only through one. */
export function linuxGpuDevices(): string[] {
  let render: string[] = [];
  try {
    render = readdirSync('/dev/dri').filter((name) => name.startsWith('renderD')).sort().map((name) => `/dev/dri/${name}`);
  } catch {
    // no /dev/dri: no DRM driver (or a container that was given none)
  }
  return [...render, ...['/dev/nvidia0', '/dev/nvidiactl', '/dev/dxg'].filter((p) => existsSync(p))];
}
