// The kernel's tests that run tfjs (displays of tensors, images and models; live training output
// and its interrupt; the variables view and model saving) pass again with the kernel pinned to the
// webgpu rung: on SwiftShader here and in CI (webgpuEnv.ts); on a GPU machine with a source checkout,
// `TLNB_GPU_CHECK=real npm run test:gpu` (npm run check:gpu's payload does not carry it). Each file runs in a nested test runner with TLNB_TEST_KERNEL_BACKEND=webgpu,
// which makes the harness pin the rung and refuse a kernel that started on another.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, ensureBuilt } from '../unit/kernel/kernelHarness';
import { gpuTestEnv, gpuUnavailable } from './webgpuEnv';

const skip = gpuUnavailable();
const KERNEL_TESTS = ['displayAndTraining', 'interrupt', 'modelVariables', 'variables'].map((name) => join(ROOT, 'test', 'unit', 'kernel', `${name}.test.ts`));

test('the kernel\'s display, training, interrupt and variables tests pass on the webgpu rung', { skip, timeout: 15 * 60_000 }, (t) => {
  ensureBuilt();
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...KERNEL_TESTS], {
    cwd: ROOT,
    // (Without NODE_TEST_CONTEXT: set, a nested runner reports to this one instead of printing.)
    env: { ...process.env, ...gpuTestEnv(), NODE_TEST_CONTEXT: undefined, TLNB_TEST_KERNEL_BACKEND: 'webgpu' },
    encoding: 'utf8',
    timeout: 14 * 60_000,
  });
  const summary = (key: string) => Number(new RegExp(`^# ${key} ([\\d.]+)$`, 'm').exec(run.stdout)?.[1]);
  t.diagnostic(`on webgpu: ${summary('pass')} passed, ${summary('fail')} failed in ${(summary('duration_ms') / 1000).toFixed(1)} s`);
  assert.equal(run.status, 0, `${run.stdout.split('\n').filter((line) => /^not ok|Error|expected|actual|did not start/.test(line.trim())).slice(0, 30).join('\n')}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary('pass') >= 25, `passed: ${summary('pass')}`);
  assert.equal(summary('fail'), 0);
});
