// Without the testing-only opt-in TLNB_WEBGPU_ALLOW_SOFTWARE=1, the webgpu rung refuses a software
// adapter (SwiftShader) with the reason users see today, in the rung itself and in `tlnb doctor`,
// and `auto` falls back to wasm. Only where SwiftShader is the adapter (not under TLNB_GPU_CHECK=real).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { webgpuRung } from '../../lib/backends/rungs/webgpu';
import { RungUnavailable } from '../../lib/backends/timeout';
import { CLI_PATH, ensureBuilt } from '../unit/kernel/kernelHarness';
import { SWIFTSHADER_ICD, gpuUnavailable } from './webgpuEnv';

const skip = process.env.TLNB_GPU_CHECK === 'real' ? 'a real GPU is the adapter: nothing to refuse' : gpuUnavailable();
const REASON = /only a software WebGPU adapter \(google swiftshader [^)]*SwiftShader[^)]*\), which is slower than wasm/;

function withoutOptIn(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD };
  delete env.TLNB_WEBGPU_ALLOW_SOFTWARE;
  return env;
}

test('the rung refuses SwiftShader without TLNB_WEBGPU_ALLOW_SOFTWARE, naming the adapter and why', { skip }, async () => {
  const saved = { icd: process.env.VK_ICD_FILENAMES, allow: process.env.TLNB_WEBGPU_ALLOW_SOFTWARE };
  process.env.VK_ICD_FILENAMES = withoutOptIn().VK_ICD_FILENAMES;
  delete process.env.TLNB_WEBGPU_ALLOW_SOFTWARE;
  try {
    await assert.rejects(
      webgpuRung.start({ tf, searchPaths: [process.cwd()], timeoutMs: 60_000, probes: new Map() }),
      (error: Error) => error instanceof RungUnavailable && REASON.test(error.message),
    );
    assert.notEqual(tf.getBackend(), 'webgpu');
  } finally {
    if (saved.icd === undefined) delete process.env.VK_ICD_FILENAMES;
    else process.env.VK_ICD_FILENAMES = saved.icd;
    if (saved.allow !== undefined) process.env.TLNB_WEBGPU_ALLOW_SOFTWARE = saved.allow;
  }
});

test('tlnb doctor without the opt-in: auto picks wasm and lists webgpu as refused, with the same reason', { skip }, () => {
  ensureBuilt();
  const auto = spawnSync(process.execPath, [CLI_PATH, 'doctor'], { encoding: 'utf8', env: withoutOptIn(), timeout: 120_000 });
  assert.match(auto.stdout, /^TensorFlow\.js backend: wasm/m, auto.stdout + auto.stderr);
  assert.match(auto.stdout, new RegExp(`^ {2}webgpu +${REASON.source}`, 'm'));
  const pinned = spawnSync(process.execPath, [CLI_PATH, 'doctor', '--backend', 'webgpu'], { encoding: 'utf8', env: withoutOptIn(), timeout: 120_000 });
  assert.match(pinned.stdout, new RegExp(`"webgpu" backend is pinned .* but cannot start: ${REASON.source}`));
});
