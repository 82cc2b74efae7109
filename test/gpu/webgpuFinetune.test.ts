// `tlnb finetune --backend webgpu`: the command line fine-tunes a saved MNIST model on the webgpu
// rung (SwiftShader here and in CI, the machine's GPU under TLNB_GPU_CHECK=real), saves the model and
// its report, and measures what the cpu run measures: the validation accuracy before fine-tuning is
// computed from the same base model on the same seeded split, so it must be identical.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMnist } from '../../lib/data/mnist';
import { writeIdxPair } from '../unit/finetune/fixtures';
import { CLI_PATH, ROOT, ensureBuilt, tempDir } from '../unit/kernel/kernelHarness';
import { gpuTestEnv, gpuUnavailable } from './webgpuEnv';

const skip = gpuUnavailable();

function finetune(backend: string, images: string, out: string, env: Record<string, string> = {}) {
  const args = [CLI_PATH, 'finetune', '--model', join(ROOT, 'samples', 'models', 'mnist-mlp'), '--data', images, '--epochs', '2', '--out', out, '--backend', backend];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 10 * 60_000, env: { ...process.env, ...env } });
  const output = `${run.stdout}${run.stderr}`;
  const accuracy = (when: string) => Number(new RegExp(`validation accuracy ${when} fine-tuning: (\\d+\\.\\d)%`).exec(output)?.[1]);
  return { status: run.status, output, before: accuracy('before'), after: accuracy('after') };
}

test('tlnb finetune --backend webgpu trains, saves the model and report, and measures what cpu measures', { skip, timeout: 15 * 60_000 }, () => {
  ensureBuilt();
  const dir = tempDir('tlnb-gpu-finetune-');
  const digits = readMnist({ split: 'test', count: 300 });
  const files = writeIdxPair(join(dir, 'data'), Uint8Array.from(digits.images, (v) => Math.round(v * 255)), [digits.count, 28, 28], digits.labels, 'digits');

  const gpu = finetune('webgpu', files.images, join(dir, 'on-webgpu'), gpuTestEnv());
  assert.equal(gpu.status, 0, gpu.output.slice(-4000));
  assert.match(gpu.output, /^backend: webgpu$/m, 'the fine-tune did not run on the webgpu rung');
  assert.equal(gpu.output.match(/^epoch [12]\/2 {2}loss \d+\.\d+ {2}acc/gm)?.length, 2, gpu.output);
  assert.ok(existsSync(join(dir, 'on-webgpu', 'model.json')) && existsSync(join(dir, 'on-webgpu', 'finetune-report.tlnb')), 'the model and its report were saved');

  const cpu = finetune('cpu', files.images, join(dir, 'on-cpu'));
  assert.equal(cpu.status, 0, cpu.output.slice(-4000));
  assert.ok(Number.isFinite(gpu.before) && gpu.before === cpu.before, `validation accuracy before fine-tuning: webgpu ${gpu.before}%, cpu ${cpu.before}%`);
  // Training shuffles differently run to run; on 60 validation digits the two runs land close.
  assert.ok(gpu.after > 80 && Math.abs(gpu.after - cpu.after) <= 10, `after fine-tuning: webgpu ${gpu.after}%, cpu ${cpu.after}%`);
});
