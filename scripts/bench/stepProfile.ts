// npm run bench:step-profile [-- --model mlp-dense|mlp|cnn --threads 1,2 --steps 20 --top 20]
//
// Where a training step's time goes on the wasm rung, kernel by kernel, for each thread count
// side by side (issue 19's per-step profile). Each thread count runs in its own process
// (TLNB_WASM_THREADS is read when the backend starts): the bench model of scripts/bench/models.ts
// on real MNIST, batch 128, is warmed up, then `steps` steps of trainOnBatch are timed plainly and
// again under tf.profile, which times every kernel (wall time: the wasm kernels are synchronous).
// Printed per kernel and input shapes: ms per step on each thread count; then the sum of the
// kernels and the step's wall time without the profiler.

import { cpus, loadavg } from 'node:os';
import { errorStack } from '../../common/guards';
import { failureTail, option, parseResult, runProcess } from './engines';
import { mnistTensors } from './mnistIdx';
import { buildModel, type BenchModel } from './models';

const BATCH = 128;

interface KernelTime {
  key: string;
  ms: number;
  calls: number;
}

interface Profile {
  detail?: string;
  stepMs: number;
  kernelMs: number;
  kernelsPerStep: number;
  kernels: KernelTime[];
}

/** In the worker process: profiles `steps` training steps of `kind` on the wasm rung. */
async function profile(kind: BenchModel, steps: number): Promise<Profile> {
  const { initBackend } = await import('../../lib/backends');
  const { tf, report } = await initBackend({ preference: 'wasm', searchPaths: [process.cwd()] });
  const { x, y } = mnistTensors(tf, kind, 10 * BATCH);
  const model = buildModel(tf, kind);
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 }); // compiles kernels, sizes the heap
  const xb = x.slice(0, BATCH);
  const yb = y.slice(0, BATCH);
  const started = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(xb, yb);
  const stepMs = (performance.now() - started) / steps;
  const info = await tf.profile(async () => {
    for (let i = 0; i < steps; i++) await model.trainOnBatch(xb, yb);
  });
  const byKey = new Map<string, KernelTime>();
  let kernelMs = 0;
  for (const kernel of info.kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    const key = `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`;
    const entry = byKey.get(key) ?? { key, ms: 0, calls: 0 };
    entry.ms += ms / steps;
    entry.calls += 1 / steps;
    byKey.set(key, entry);
    kernelMs += ms / steps;
  }
  return { detail: report.rungs.at(-1)?.detail, stepMs, kernelMs, kernelsPerStep: info.kernels.length / steps, kernels: [...byKey.values()] };
}

async function main(): Promise<void> {
  const kind = option('model', 'mlp-dense') as BenchModel;
  const steps = Number(option('steps', '20'));
  if (process.argv[2] === 'worker') {
    process.stdout.write(`RESULT ${JSON.stringify(await profile(kind, steps))}\n`);
    return;
  }
  const threads = option('threads', '1,2').split(',');
  const top = Number(option('top', '20'));
  const cpu = cpus();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Model ${kind}, batch ${BATCH}, ${steps} steps per measurement, wasm rung on ${threads.join(' and ')} thread(s)\n`);
  const profiles: Profile[] = [];
  for (const n of threads) {
    const out = await runProcess(process.execPath, ['--import', 'tsx', __filename, 'worker', '--model', kind, '--steps', String(steps)], 20 * 60_000, { ...process.env, TLNB_WASM_THREADS: n });
    const result = parseResult<Profile>(out.stdout);
    if (result === undefined) throw new Error(`the profile on ${n} thread(s) failed: ${failureTail(out)}`);
    console.log(`${n} thread(s): ${result.detail ?? ''}`);
    profiles.push(result);
  }
  const keys = new Set(profiles.flatMap((p) => p.kernels.map((k) => k.key)));
  const at = (p: Profile, key: string) => p.kernels.find((k) => k.key === key);
  const rows = [...keys].map((key) => ({ key, times: profiles.map((p) => at(p, key)?.ms ?? 0), calls: at(profiles[0]!, key)?.calls ?? 0 }));
  rows.sort((a, b) => Math.max(...b.times) - Math.max(...a.times));
  console.log(`\n${['kernel [input shapes]', 'calls/step', ...threads.map((n) => `ms/step, ${n} thread(s)`)].join(' | ')}`);
  for (const row of rows.slice(0, top)) console.log(`${row.key} | ${row.calls.toFixed(0)} | ${row.times.map((t) => t.toFixed(3)).join(' | ')}`);
  const rest = rows.slice(top);
  console.log(`(${rest.length} more kernels) | | ${profiles.map((_, i) => rest.reduce((sum, r) => sum + r.times[i]!, 0).toFixed(3)).join(' | ')}`);
  console.log(`all kernels (under tf.profile) | ${profiles[0]!.kernelsPerStep.toFixed(0)} | ${profiles.map((p) => p.kernelMs.toFixed(2)).join(' | ')}`);
  console.log(`step, wall time without the profiler | | ${profiles.map((p) => p.stepMs.toFixed(2)).join(' | ')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorStack(error)}\n`);
  process.exit(1);
});
