// The device proxy's own costs (lib/backends/webgpu/deviceProxy.ts), on the real rung: what it
// forwards per dispatch, and that the device thread does not keep an object per dispatch.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { webgpuRung } from '../../lib/backends/rungs/webgpu';
import type { DeviceLink } from '../../lib/backends/webgpu/deviceProxy';
import { describeCommands } from '../../lib/backends/webgpu/commandStream';
import { gpuUnavailable, useGpuTestEnv } from './webgpuEnv';

const skip = gpuUnavailable();

before(async () => {
  if (skip !== undefined) return;
  useGpuTestEnv();
  await webgpuRung.start({ tf, searchPaths: [process.cwd()], timeoutMs: 60_000, probes: new Map() });
  tf.env().set('WEBGPU_CPU_FORWARD', false);
});

/** The calls `f` sends to the device thread, read back from the batches it posts. */
function commandsOf(f: () => void): string[] {
  const link = (tf.backend() as unknown as { device: { channel: DeviceLink } }).device.channel;
  const sent: string[] = [];
  link.flush();
  link.tap = (batch) => sent.push(...describeCommands(batch).map((c) => c.name));
  try {
    f();
    link.flush();
  } finally {
    link.tap = undefined;
  }
  return sent;
}

test('a pipeline\'s bind group layout is asked for once, not at every dispatch (the device thread kept each one)', { skip }, () => {
  const x = tf.ones([31, 17]);
  tf.add(x, 1).dataSync(); // compiles the pipeline
  const commands = commandsOf(() => {
    for (let i = 0; i < 20; i++) tf.add(x, i).dataSync();
  });
  const layouts = commands.filter((name) => name === 'getBindGroupLayout').length;
  const dispatches = commands.filter((name) => name === 'dispatchWorkgroups').length;
  assert.ok(dispatches >= 20, `${dispatches} dispatches`);
  assert.equal(layouts, 0, `${layouts} getBindGroupLayout calls for ${dispatches} dispatches of a compiled pipeline`);
});
