// npm run bench:fused-adam [-- --backend webgpu|wasm --steps 30 --repeat 2]
//
// What the fused Adam update (lib/backends/fused/adam.ts) saves per training step, in one process:
// a small MLP (32-64 relu-10, batch 32, Adam) trained with the fused kernel and with tfjs's own
// update (the kernel unregistered for the run), alternating. Prints the kernels per step (tf.profile)
// and the step's wall and CPU time. Without a GPU, webgpu runs on SwiftShader with the testing
// opt-in (docs/backends.md), where the figures show the dispatch count, not a GPU's speed.

import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { errorStack } from '../../common/guards';
import { ADAM_KERNEL } from '../../lib/backends/fused/adam';
import { option, softwareVulkanUnlessGpu } from './engines';

async function main(): Promise<void> {
  const backend = option('backend', 'webgpu');
  const steps = Number(option('steps', '30'));
  const repeat = Number(option('repeat', '2'));
  if (backend === 'webgpu') softwareVulkanUnlessGpu(process.env);
  const { initBackend } = await import('../../lib/backends');
  const { report } = await initBackend({ preference: backend as 'webgpu', searchPaths: [process.cwd()] });
  const cpu = cpus();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${backend}: ${report.rungs.at(-1)?.detail ?? ''}\nMLP 32-64-10, batch 32, Adam 1e-3; ${steps} steps per measurement\n`);
  console.log('update | kernels/step | ms/step (wall) | ms/step (CPU, this process)');
  for (let r = 0; r < repeat; r++) {
    for (const fused of [true, false]) {
      const kernel = tf.getKernel(ADAM_KERNEL, backend);
      if (!fused && kernel !== undefined) tf.unregisterKernel(ADAM_KERNEL, backend);
      try {
        const model = tf.sequential({ layers: [tf.layers.dense({ units: 64, activation: 'relu', inputShape: [32] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
        model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
        const x = tf.randomNormal([32, 32]);
        const y = tf.oneHot(tf.randomUniform([32], 0, 10, 'int32'), 10);
        for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
        const info = await tf.profile(async () => {
          await model.trainOnBatch(x, y);
        });
        const started = performance.now();
        const cpuStart = process.cpuUsage();
        for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
        const wall = (performance.now() - started) / steps;
        const used = process.cpuUsage(cpuStart);
        console.log(`${fused ? 'fused (tlnb)' : 'tfjs (unfused)'} | ${info.kernels.length} | ${wall.toFixed(2)} | ${((used.user + used.system) / 1000 / steps).toFixed(2)}`);
        model.dispose();
        tf.dispose([x, y]);
      } finally {
        if (!fused && kernel !== undefined) tf.registerKernel(kernel);
      }
    }
  }
  process.exit(0); // the webgpu device's worker thread would keep the process alive
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorStack(error)}\n`);
  process.exit(1);
});
