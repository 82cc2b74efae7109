// npm run bench:gpu-dispatch [-- --ops 10000 --steps 100 --repeat 3]
//
// The CPU cost of issuing work to the GPU on the webgpu rung, which is what a small model's
// training step pays on a fast GPU (issue 18, item 2): per op and per training step, the time the
// calling thread spends, measured on that thread alone (Linux /proc), and the whole process's.
// Two engines, each in its own process, alternating:
//   tlnb     the rung as notebooks get it: tfjs-backend-webgpu on tlnb's device proxy (the GPU on a
//            worker thread, calls forwarded in batches; lib/backends/webgpu)
//   tfjs     the reference measured in the same run: tfjs-backend-webgpu as shipped, with Dawn on
//            the calling thread (no synchronous reads, so no notebook could run on it)
// Workloads: a chain of element-wise adds on 1024 floats (one dispatch each), Adam steps of a
// 32-64-10 MLP at batch 32 (optimizer.minimize, nothing read until the end), and the same model
// trained by model.fit for one epoch of as many batches (slicing, metrics, a read per epoch). Without a GPU it runs
// on SwiftShader with the testing opt-in (docs/backends.md); the figures then include SwiftShader's
// recording work on the device thread, but the calling thread's cost is the same code a GPU runs.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { errorStack } from '../../common/guards';
import { findDawn } from '../../lib/backends/rungs/webgpu';
import { option, softwareVulkanUnlessGpu } from './engines';

interface Figures {
  engine: string;
  adapter: string;
  opThreadUs: number;
  opProcessUs: number;
  opWallUs: number;
  callsPerOp?: number;
  stepThreadMs: number;
  stepProcessMs: number;
  stepWallMs: number;
  fitThreadMs: number;
  fitWallMs: number;
  kernelsPerStep: number;
}

/** CPU time of the calling (main) thread in ms (Linux: the scheduler's ns count in /proc); NaN elsewhere. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

function processCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Runs `run` (which returns its last tensor, read then, or finishes by itself) and divides its costs by `count`. */
async function measure(run: () => tf.Tensor | Promise<unknown>, count: number): Promise<{ thread: number; process: number; wall: number }> {
  const thread = threadCpuMs();
  const cpu = processCpuMs();
  const started = performance.now();
  const last = run();
  if (last instanceof tf.Tensor) {
    await last.data();
    last.dispose();
  } else {
    await last;
  }
  return { thread: (threadCpuMs() - thread) / count, process: (processCpuMs() - cpu) / count, wall: (performance.now() - started) / count };
}

async function startEngine(engine: string): Promise<string> {
  if (engine === 'tlnb') {
    const { initBackend } = await import('../../lib/backends');
    const { report } = await initBackend({ preference: 'webgpu', searchPaths: [process.cwd()] });
    if (tf.getBackend() !== 'webgpu') throw new Error(`the webgpu rung did not start: ${report.rungs.map((r) => `${r.name}: ${r.detail}`).join('; ')}`);
    return report.rungs.at(-1)?.detail ?? '';
  }
  // tfjs-backend-webgpu as shipped, on Dawn's navigator.gpu in this thread.
  const dawnPath = findDawn([process.cwd()]);
  if (dawnPath === undefined) throw new Error('Dawn (dawn.node) not found: npm ci');
  const { create, globals } = createRequire(__filename)(dawnPath) as { create(flags: string[]): GPU; globals: object };
  Object.assign(globalThis, globals);
  const gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw new Error('Dawn found no adapter');
  const device = await adapter.requestDevice({ requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [] });
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // tfjs-backend-webgpu registered its own factory only if navigator.gpu existed when it loaded.
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  // Dawn's adapter has `info` (newer WebGPU than the typings tfjs-backend-webgpu pins).
  const { info } = adapter as unknown as { info: GPUAdapterInfo & { description: string } };
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
  await tf.setBackend('webgpu');
  return `${info.vendor} ${info.architecture} ${info.description}`.trim();
}

async function child(engine: string, ops: number, steps: number): Promise<Figures> {
  const adapter = await startEngine(engine);
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  const link = (tf.backend() as unknown as { device: { channel?: { stats: { calls: number } } } }).device.channel;
  const a = tf.ones([1024]);
  const chain = (n: number) => () => {
    let x = a;
    for (let i = 0; i < n; i++) {
      const y = tf.add(x, a);
      if (x !== a) x.dispose();
      x = y;
    }
    return x;
  };
  await measure(chain(500), 500); // compiles the pipeline, fills the buffer pools
  const calls = link?.stats.calls ?? 0;
  const op = await measure(chain(ops), ops);
  const callsPerOp = link === undefined ? undefined : (link.stats.calls - calls) / ops;

  const model = tf.sequential({ layers: [tf.layers.dense({ units: 64, activation: 'relu', inputShape: [32] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([32, 32]);
  const y = tf.oneHot(tf.randomUniform([32], 0, 10, 'int32'), 10);
  const loss = () => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar;
  const train = (n: number) => () => {
    for (let i = 0; i < n - 1; i++) optimizer.minimize(loss);
    return optimizer.minimize(loss, true)!;
  };
  await measure(train(5), 5);
  const profile = await tf.profile(() => {
    optimizer.minimize(loss);
  });
  const step = await measure(train(steps), steps);
  // model.fit as a notebook calls it: batches sliced from the data, metrics kept, read once per epoch.
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.randomNormal([32 * steps, 32]);
  const ys = tf.oneHot(tf.randomUniform([32 * steps], 0, 10, 'int32'), 10);
  const fit = () => model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0 });
  await fit();
  const fitStep = await measure(fit, steps);
  return {
    engine,
    adapter,
    opThreadUs: op.thread * 1000,
    opProcessUs: op.process * 1000,
    opWallUs: op.wall * 1000,
    callsPerOp,
    stepThreadMs: step.thread,
    stepProcessMs: step.process,
    stepWallMs: step.wall,
    fitThreadMs: fitStep.thread,
    fitWallMs: fitStep.wall,
    kernelsPerStep: profile.kernels.length,
  };
}

function main(): void {
  const ops = Number(option('ops', '10000'));
  const steps = Number(option('steps', '100'));
  const repeat = Number(option('repeat', '3'));
  const engine = option('engine', '');
  if (engine !== '') {
    child(engine, ops, steps).then(
      (figures) => {
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        process.exit(0); // the device's worker thread would keep the process alive
      },
      (error: unknown) => {
        process.stderr.write(`${errorStack(error)}\n`);
        process.exit(1);
      },
    );
    return;
  }
  const env = { ...process.env };
  softwareVulkanUnlessGpu(env);
  env.XDG_RUNTIME_DIR ??= '/tmp';
  const cpu = cpus();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${ops} chained adds on 1024 floats; ${steps} Adam steps of a 32-64-10 MLP, batch 32; each engine in its own process, ${repeat} rounds\n`);
  console.log('round | engine | op: calling thread µs | op: process µs | op: wall µs | calls/op | step: calling thread ms | step: process ms | step: wall ms | kernels/step | fit step: calling thread ms | fit step: wall ms');
  console.log('--- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | ---');
  const rows: Figures[] = [];
  for (let round = 1; round <= repeat; round++) {
    for (const name of ['tlnb', 'tfjs']) {
      const out = spawnSync(process.execPath, [...process.execArgv, __filename, '--engine', name, '--ops', String(ops), '--steps', String(steps)], { env, encoding: 'utf8', timeout: 300_000 });
      if (out.status !== 0) {
        const why = out.error?.message ?? out.stderr.trim().split('\n').filter((l) => !l.includes('shaderUniform')).slice(-3).join(' | ');
        console.log(`${round} | ${name} | failed: ${why} |||||||||`);
        continue;
      }
      const f = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Figures;
      rows.push(f);
      if (round === 1 && name === 'tlnb') console.error(`adapter: ${f.adapter}`);
      console.log(
        `${round} | ${name} | ${f.opThreadUs.toFixed(1)} | ${f.opProcessUs.toFixed(1)} | ${f.opWallUs.toFixed(1)} | ${f.callsPerOp?.toFixed(1) ?? '—'} | ${f.stepThreadMs.toFixed(2)} | ${f.stepProcessMs.toFixed(2)} | ${f.stepWallMs.toFixed(2)} | ${f.kernelsPerStep} | ${f.fitThreadMs.toFixed(2)} | ${f.fitWallMs.toFixed(2)}`,
      );
    }
  }
  if (!['tlnb', 'tfjs'].every((e) => rows.some((r) => r.engine === e))) process.exit(1);
  const median = (values: number[]) => [...values].sort((p, q) => p - q)[Math.floor(values.length / 2)]!;
  const of = (engine: string, key: keyof Figures) => median(rows.filter((r) => r.engine === engine).map((r) => r[key] as number));
  console.log(
    `\nmedians, tlnb against tfjs on the calling thread: ${of('tlnb', 'opThreadUs').toFixed(1)} vs ${of('tfjs', 'opThreadUs').toFixed(1)} µs per op (${(of('tlnb', 'opThreadUs') / of('tfjs', 'opThreadUs')).toFixed(2)}×), ` +
      `${of('tlnb', 'stepThreadMs').toFixed(2)} vs ${of('tfjs', 'stepThreadMs').toFixed(2)} ms per step (${(of('tlnb', 'stepThreadMs') / of('tfjs', 'stepThreadMs')).toFixed(2)}×), ` +
      `${of('tlnb', 'fitThreadMs').toFixed(2)} vs ${of('tfjs', 'fitThreadMs').toFixed(2)} ms per model.fit step (${(of('tlnb', 'fitThreadMs') / of('tfjs', 'fitThreadMs')).toFixed(2)}×)`,
  );
}

main();
