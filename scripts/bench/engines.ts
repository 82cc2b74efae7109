// What the benchmarks share to drive their measurements: each one runs in a process of its own
// (a tfjs worker under Node, or the PyTorch reference under Python) and prints one `RESULT {json}`
// line. Used by `npm run bench:backends` (backends.ts) and `npm run bench:gpu` (gpu.ts).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { linuxGpuDevices } from '../../lib/backends/sharedLibrary';
import { SWIFTSHADER_ICD } from '../../test/gpu/webgpuEnv';

export interface ProcessResult {
  stdout: string;
  stderr: string;
  /** Why the process did not exit 0 (a timeout, a signal, a status). */
  failed?: string;
}

export function runProcess(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env, cwd }, (error, stdout, stderr) => {
      const failed = error ? (error.killed || (error as { signal?: string }).signal === 'SIGKILL' ? `killed after ${Math.round(timeoutMs / 1000)} s` : error.message) : undefined;
      resolve({ stdout: String(stdout), stderr: String(stderr), ...(failed !== undefined ? { failed } : {}) });
    });
  });
}

/** The value after `--name` on the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/**
 * For the webgpu measurements on a machine without a GPU: SwiftShader (Debian's chromium) with the
 * testing opt-in, unless a Vulkan driver is named or a GPU device node exists. Says so when it does.
 */
export function softwareVulkanUnlessGpu(env: NodeJS.ProcessEnv): void {
  if (env.VK_ICD_FILENAMES !== undefined || env.VK_DRIVER_FILES !== undefined || linuxGpuDevices().length > 0 || !existsSync(SWIFTSHADER_ICD)) return;
  Object.assign(env, { VK_ICD_FILENAMES: SWIFTSHADER_ICD, TLNB_WEBGPU_ALLOW_SOFTWARE: '1' });
  console.error(`no GPU here: webgpu runs on SwiftShader (${SWIFTSHADER_ICD}, TLNB_WEBGPU_ALLOW_SOFTWARE=1), software Vulkan on the CPU`);
}

/** The JSON of the process's `RESULT ` line, if it printed one. */
export function parseResult<T>(stdout: string): T | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return line === undefined ? undefined : (JSON.parse(line.slice('RESULT '.length)) as T);
}

/** The last lines of a failed process's stderr, for a "skipped: …" cell. */
export function failureTail(out: ProcessResult, lines = 3): string {
  return `${out.failed ?? ''} ${out.stderr.trim().split('\n').slice(-lines).join(' | ')}`.trim();
}

export interface TorchPython {
  python: string;
  version: string;
  /** The CUDA device's name when torch sees one. */
  cuda?: string;
  /** The BLAS library torch's CPU products load (Linux), e.g. …/openblas-pthread/libblas.so.3. */
  blas?: string;
}

/**
 * A warning when torch's CPU products run on Debian's reference BLAS (about a tenth of OpenBLAS's
 * speed), which makes every ratio against it meaningless; undefined for OpenBLAS, MKL or unknown.
 */
export function slowBlasWarning(torch: TorchPython): string | undefined {
  if (torch.blas === undefined || /openblas|mkl|blis/i.test(torch.blas)) return undefined;
  return `PyTorch's CPU products use ${torch.blas}, the reference BLAS (about a tenth of OpenBLAS's speed): the ratios below are not a fair reference. Install OpenBLAS: apt-get install -y libopenblas0-pthread`;
}

/**
 * The first Python that imports torch, of `candidates` (default: $TLNB_BENCH_PYTHON, Debian's own
 * /usr/bin/python3, then python3 on PATH), with its version and CUDA device.
 */
export async function findTorch(candidates = [process.env.TLNB_BENCH_PYTHON, '/usr/bin/python3', 'python3']): Promise<TorchPython | undefined> {
  const probe = [
    'import json, torch',
    'torch.ones(64, 64) @ torch.ones(64, 64)',
    // The library that answers libblas.so.3 (Debian's alternatives), else any BLAS mapped.
    'try:\n  libs = [l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() or "mkl" in l.lower()]\nexcept OSError:\n  libs = []',
    'blas = next((l for l in libs if "/libblas" in l), libs[0] if libs else None)',
    'print(json.dumps([torch.__version__, torch.cuda.get_device_name(0) if torch.cuda.is_available() else None, blas]))',
  ].join('\n');
  for (const python of candidates) {
    if (python === undefined || python === '') continue;
    const out = await runProcess(python, ['-c', probe], 120_000);
    if (out.failed) continue;
    try {
      const [version, cuda, blas] = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as [string, string | null, string | null];
      return { python, version, ...(cuda ? { cuda } : {}), ...(blas ? { blas } : {}) };
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The environment that pins PyTorch's CPU thread pools (OpenBLAS starts its own whatever torch.set_num_threads says). */
export function torchThreadsEnv(threads: number): NodeJS.ProcessEnv {
  const n = String(threads);
  return { ...process.env, OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n };
}

/**
 * The command that runs one of the scripts' TypeScript entries: from source through tsx, or, in
 * the GPU-machine payload (scripts/gpu/payload.mjs), the bundle of it beside the caller's own
 * bundle (`bundled`, e.g. gpu-bench-worker.js), which needs no tsx and no node_modules.
 */
export function nodeEntry(dir: string, source: string, bundled: string): string[] {
  const bundle = join(dir, bundled);
  return existsSync(bundle) ? [process.execPath, bundle] : [process.execPath, '--import', 'tsx', join(dir, source)];
}
