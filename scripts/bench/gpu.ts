// npm run bench:gpu [-- --quick --rungs webgpu,wasm --workloads mlp,cnn --seconds 6 --out DIR --no-torch]
//
// The GPU benchmark of issue 18: the workloads of scripts/bench/gpuWorkloads.ts (issue 18's four
// and the samples' models) on synthetic data, one epoch after a warm-up, `model.fit` syncing every
// batch, on every available rung (the ladder's, but the pure-JavaScript cpu rung, which needs
// minutes per batch of the big MLP: add it with --rungs), and in the same run PyTorch on CUDA when
// torch sees a GPU, else on the CPU, when a Python can `import torch` ($TLNB_BENCH_PYTHON,
// /usr/bin/python3, python3). Each measurement is a process of its own, sized to about --seconds.
// Prints samples/s (GFLOP/s for matMul) and the ratios to PyTorch and to wasm; with --out, writes
// bench.md and bench.json there. --quick: small sizes that software Vulkan (SwiftShader) finishes.
// Runs from source (tsx) or bundled in the GPU-machine payload (scripts/gpu/payload.mjs).

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BACKEND_LADDER } from '../../common/backends';
import { failureTail, findTorch, nodeEntry, option, parseResult, runProcess, slowBlasWarning, torchThreadsEnv } from './engines';
import { gpuWorkloads, type GpuWorkload } from './gpuWorkloads';

interface Measurement {
  engine: string;
  spec: string;
  detail?: string;
  samples?: number;
  seconds?: number;
  samplesPerSec?: number;
  stepMs?: number;
  gflops?: number;
  loss?: number;
  gpuBytesHeld?: number;
  skipped?: string;
}

const quick = process.argv.includes('--quick');
const rungs = option('rungs', quick ? 'webgpu,wasm' : BACKEND_LADDER.filter((r) => r !== 'cpu').join(',')).split(',');
const seconds = Number(option('seconds', quick ? '1' : '4'));
const limitSeconds = Number(option('limit', quick ? '600' : '150'));
const outDir = option('out', '');
const wanted = option('workloads', '').split(',').filter(Boolean);
const workloads = gpuWorkloads(quick).filter((w) => wanted.length === 0 || wanted.includes(w.name));

async function measureRung(rung: string, w: GpuWorkload): Promise<Measurement> {
  const [node, ...args] = nodeEntry(__dirname, 'gpuWorker.ts', 'gpu-bench-worker.js');
  const out = await runProcess(node!, [...args, rung, w.spec, String(w.batch), String(seconds)], limitSeconds * 1000);
  return parseResult<Measurement>(out.stdout) ?? { engine: rung, spec: w.spec, skipped: `worker failed: ${failureTail(out)}` };
}

async function measureTorch(python: string, device: string, w: GpuWorkload): Promise<Measurement> {
  const script = join(__dirname, 'backends_torch.py');
  const threads = Math.max(1, Math.min(8, cpus().length));
  const out = await runProcess(python, [script, 'spec', w.spec, String(w.batch), String(seconds), device], limitSeconds * 1000, torchThreadsEnv(threads));
  return parseResult<Measurement>(out.stdout) ?? { engine: 'pytorch', spec: w.spec, skipped: `failed: ${failureTail(out, 2)}` };
}

const fmt = (n: number) => (n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US'));
const speed = (m: Measurement | undefined) => m?.samplesPerSec ?? m?.gflops;

async function main(): Promise<void> {
  const started = performance.now();
  const cpu = cpus();
  const lines: string[] = [];
  const say = (line = '') => {
    console.log(line);
    lines.push(line);
  };
  say(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  say(`Synthetic data; one epoch of about ${seconds} s after a warm-up; Adam 1e-3; model.fit (syncs each batch)${quick ? '; QUICK sizes (for software Vulkan)' : ''}`);
  const torch = process.argv.includes('--no-torch') ? undefined : await findTorch();
  const device = torch?.cuda !== undefined ? 'cuda' : 'cpu';
  const noTorch = process.argv.includes('--no-torch') ? 'PyTorch reference skipped (--no-torch).' : 'PyTorch reference skipped: no python3 here can import torch (set TLNB_BENCH_PYTHON to one that can).';
  say(torch ? `PyTorch reference: ${torch.version} (${torch.python}) on ${torch.cuda ?? 'the CPU (torch sees no CUDA device)'}` : noTorch);
  const blasWarning = torch?.cuda === undefined && torch !== undefined ? slowBlasWarning(torch) : undefined;
  if (blasWarning !== undefined) say(`WARNING: ${blasWarning}`);
  say();

  const all: Array<Measurement & { workload: string }> = [];
  // Stopped by a time limit (the payload's run.sh): the table of what was measured.
  process.once('SIGTERM', () => {
    say('(stopped by SIGTERM: the time limit; the table has what was measured)');
    printTable(all, device, say);
    writeResults(lines, all, torch);
    process.exit(124);
  });
  for (const w of workloads) {
    if (torch) {
      const m = await measureTorch(torch.python, device, w);
      all.push({ ...m, engine: `pytorch-${device}`, workload: w.name });
      console.log(`  ${w.name} pytorch-${device}: ${speed(m) !== undefined ? fmt(speed(m)!) : `skipped: ${m.skipped}`}`);
    }
    for (const rung of rungs) {
      const m = await measureRung(rung, w);
      all.push({ ...m, workload: w.name });
      console.log(`  ${w.name} ${rung}: ${speed(m) !== undefined ? `${fmt(speed(m)!)}${m.gflops !== undefined ? ' GFLOP/s' : ' samples/s'}` : `skipped: ${m.skipped}`}`);
    }
  }

  printTable(all, device, say);
  say(`\nWhole run: ${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  writeResults(lines, all, torch);
}

function writeResults(lines: string[], all: Measurement[], torch: unknown): void {
  if (!outDir) return;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'bench.md'), `${lines.join('\n')}\n`);
  writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify({ quick, seconds, torch, measurements: all }, null, 2)}\n`);
}

function printTable(all: Array<Measurement & { workload: string }>, device: string, say: (line?: string) => void): void {
  say('| workload | engine | samples/s (matMul: GFLOP/s) | ms per step | vs PyTorch | vs wasm | GPU memory held |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const w of workloads) {
    const of = (engine: string) => all.find((m) => m.workload === w.name && m.engine === engine);
    const reference = speed(of(`pytorch-${device}`));
    const wasm = speed(of('wasm'));
    for (const m of all.filter((x) => x.workload === w.name)) {
      const s = speed(m);
      if (s === undefined) {
        say(`| ${w.label} | ${m.engine} | skipped: ${(m.skipped ?? '').replace(/\|/g, '/').slice(0, 160)} | | | | |`);
        continue;
      }
      const ratio = (ref: number | undefined) => (ref === undefined ? '–' : `${(s / ref).toFixed(s / ref < 0.1 ? 3 : 2)}x`);
      const held = m.gpuBytesHeld === undefined ? '–' : `${(m.gpuBytesHeld / 2 ** 20).toFixed(0)} MiB`;
      say(`| ${w.label} | ${m.engine} | ${fmt(s)} | ${m.stepMs?.toFixed(2) ?? '–'} | ${ratio(reference)} | ${ratio(wasm)} | ${held} |`);
    }
}
say();
for (const m of all) if (m.detail) say(`${m.workload} ${m.engine}: ${m.detail}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
