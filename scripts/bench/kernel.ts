// npm run bench:kernel — the kernel's speed, each figure next to a reference measured in the same
// run on the same machine:
//   round trip of `1 + 1` through the real protocol   vs  a raw IPC echo round trip (same fork options)
//   kernel start to first result                       vs  a bare Node child's start to its first IPC message
//   transpile of a 200-line cell                       vs  esbuild's transform of it alone
//   1,000 cells in a row: heap, RSS and tensor count at 100 and 1,000 cells
// Builds dist/ first when it is stale (the kernel under test is dist/kernel.js).

import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KernelClient } from '../../common/node/kernelClient';
import { loadEsbuild } from '../../kernel/transpile/loadEsbuild';
import { transpileCell } from '../../kernel/transpile/transpileCell';
import { KERNEL_PATH, ensureBuilt, tempDir } from '../../test/unit/kernel/kernelHarness';

const notebookDir = tempDir('tlnb-bench-');
const now = () => performance.now();

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;

async function startKernel(): Promise<KernelClient> {
  return KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'auto', notebookDir } });
}

async function runOk(kernel: KernelClient, code: string): Promise<void> {
  const result = await kernel.execute(code, 'Bench').result;
  if (result.status !== 'ok') throw new Error(`bench cell failed: ${result.error?.stack ?? result.status}\n${code.slice(0, 200)}`);
}

/** A child that answers every IPC message with the same message, started the way the kernel is. */
function echoChild() {
  const script = join(notebookDir, 'echo.js');
  writeFileSync(script, "process.send({ ready: true }); process.on('message', (m) => process.send(m));\n");
  return fork(script, [], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'], serialization: 'json' });
}

async function echoRoundTrips(count: number): Promise<number[]> {
  const child = echoChild();
  await new Promise((resolve) => child.once('message', resolve));
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    await new Promise<void>((resolve) => {
      child.once('message', () => resolve());
      child.send({ type: 'execute', id: `e${i}`, code: '1 + 1', cellLabel: 'Bench' });
    });
    samples.push(now() - start);
  }
  child.kill();
  return samples;
}

/** `unique`: every cell's text differs (a comment), so none is served from the transpile cache. */
async function kernelRoundTrips(kernel: KernelClient, count: number, unique: boolean): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const code = unique ? `1 + 1 // ${i} ${Math.random()}` : '1 + 1';
    const start = now();
    await runOk(kernel, code);
    samples.push(now() - start);
  }
  return samples;
}

async function echoStart(): Promise<number> {
  const start = now();
  const child = echoChild();
  await new Promise((resolve) => child.once('message', resolve));
  const elapsed = now() - start;
  child.kill();
  return elapsed;
}

async function kernelStart(firstCell: string): Promise<number> {
  const start = now();
  const kernel = await startKernel();
  await runOk(kernel, firstCell);
  const elapsed = now() - start;
  await kernel.shutdown();
  return elapsed;
}

function twoHundredLineCell(): string {
  const lines: string[] = ["import * as tf from '@tensorflow/tfjs';", 'interface Row { id: number; label: string; values: number[] }'];
  for (let i = 0; lines.length <= 195; i++) {
    lines.push(`function scale${i}<T extends Row>(row: T, factor: number = ${i + 1}): T {`);
    lines.push(`  const values = row.values.map((v) => v * factor + ${i});`);
    lines.push('  return { ...row, values, label: `${row.label}-' + i + '` };');
    lines.push('}');
    lines.push(`const row${i}: Row = scale${i}({ id: ${i}, label: 'r', values: [1, 2, 3] });`);
  }
  while (lines.length < 200) lines.push(`// padding line ${lines.length + 1}`);
  return lines.join('\n');
}

async function transpileTimes(source: string, count: number): Promise<{ ours: number[]; esbuild: number[] }> {
  const esbuild = loadEsbuild();
  const ours: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < 10; i++) {
    // Warm-up: the parser's code gets optimised by V8 after a few runs, as in a kernel in use.
    const warmup = await transpileCell(`${source}\n// warm-up ${i}`, 'warmup.ts');
    if (!warmup.ok) throw new Error(`the benchmark's 200-line cell does not parse: ${warmup.error.message}`);
  }
  for (let i = 0; i < count; i++) {
    let start = now();
    await esbuild.transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'external', sourcefile: 'c.ts' });
    raw.push(now() - start);
    start = now();
    // A new source each time: the transpile cache must not answer.
    const result = await transpileCell(`${source}\n// run ${i}`, `c${i}.ts`);
    ours.push(now() - start);
    if (!result.ok) throw new Error(result.error.message);
  }
  return { ours, esbuild: raw };
}

async function manyCells(kernel: KernelClient, count: number): Promise<Array<{ cells: number; heapMB: number; rssMB: number; tensors: number }>> {
  await runOk(kernel, "import * as tf from '@tensorflow/tfjs';\nrequire('node:v8').setFlagsFromString('--expose-gc');\nconst collect = require('node:vm').runInNewContext('gc');");
  const marks: Array<{ cells: number; heapMB: number; rssMB: number; tensors: number }> = [];
  for (let i = 1; i <= count; i++) {
    // A typical small cell: declarations, tensor work inside tidy, a printed line, a displayed value.
    await runOk(kernel, `const v${i % 50} = tf.tidy(() => tf.ones([32, 32]).matMul(tf.ones([32, 32])).sum().dataSync()[0]);\nconsole.log('cell ${i}', v${i % 50});\n({ i: ${i}, v: v${i % 50} })`);
    if (i === 100 || i === count) {
      await runOk(kernel, 'collect(); collect();');
      const memory = kernel.memory!;
      marks.push({ cells: i, heapMB: memory.heapUsedBytes / 2 ** 20, rssMB: memory.rssBytes / 2 ** 20, tensors: memory.numTensors ?? -1 });
    }
  }
  return marks;
}

async function main(): Promise<void> {
  ensureBuilt();
  console.log(`tlnb kernel benchmark — Node ${process.version}, ${process.platform}-${process.arch}\n`);

  const kernel = await startKernel();
  await kernel.backend;
  await kernelRoundTrips(kernel, 50, true); // warm up
  const trip = stats(await kernelRoundTrips(kernel, 500, true));
  const repeated = stats(await kernelRoundTrips(kernel, 500, false));
  const echo = stats(await echoRoundTrips(500));
  console.log('Round trip of `1 + 1` (execute -> display -> done), 500 runs each');
  console.log(`  kernel, new cell text each time      median ${ms(trip.median)}  p95 ${ms(trip.p95)}`);
  console.log(`  kernel, same cell again (cached)     median ${ms(repeated.median)}  p95 ${ms(repeated.p95)}`);
  console.log(`  IPC echo (reference)                 median ${ms(echo.median)}  p95 ${ms(echo.p95)}`);
  console.log(`  ratio                                ${(trip.median / echo.median).toFixed(1)}x the raw IPC round trip (new text, median)\n`);

  const starts = { plain: [] as number[], tf: [] as number[], echo: [] as number[] };
  for (let i = 0; i < 5; i++) {
    starts.plain.push(await kernelStart('1 + 1'));
    starts.tf.push(await kernelStart("import * as tf from '@tensorflow/tfjs';\ntf.tensor([1, 2, 3]).sum().dataSync()[0]"));
    starts.echo.push(await echoStart());
  }
  const plainStart = stats(starts.plain).median;
  const tfStart = stats(starts.tf).median;
  const echoStartMs = stats(starts.echo).median;
  console.log('Kernel start to first result (median of 5)');
  console.log(`  \`1 + 1\`                          ${ms(plainStart)}`);
  console.log(`  first tfjs result (default backend) ${ms(tfStart)}`);
  console.log(`  bare Node child to first message  ${ms(echoStartMs)}`);
  console.log(`  ratio                             ${(tfStart / echoStartMs).toFixed(1)}x a bare Node start (tfjs result)\n`);

  const source = twoHundredLineCell();
  const transpile = await transpileTimes(source, 60);
  const ours = stats(transpile.ours);
  const raw = stats(transpile.esbuild);
  console.log('Transpile a 200-line cell (median of 60)');
  console.log(`  tlnb transpileCell (esbuild + import rewrite)  ${ms(ours.median)}  p95 ${ms(ours.p95)}`);
  console.log(`  esbuild transform alone                         ${ms(raw.median)}`);
  console.log(`  ratio                                           ${(ours.median / raw.median).toFixed(2)}x\n`);

  const marks = await manyCells(kernel, 1000);
  const [first, last] = [marks[0]!, marks.at(-1)!];
  console.log('1,000 cells in a row (after a full GC)');
  for (const m of marks) console.log(`  after ${String(m.cells).padStart(4)} cells  heap ${m.heapMB.toFixed(1)} MB  rss ${m.rssMB.toFixed(1)} MB  tensors ${m.tensors}`);
  console.log(`  growth from 100 to 1,000 cells: heap ${(last.heapMB - first.heapMB).toFixed(1)} MB (${((last.heapMB - first.heapMB) * 1024 / 900).toFixed(1)} KiB per cell), tensors ${last.tensors - first.tensors}`);
  await kernel.shutdown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
