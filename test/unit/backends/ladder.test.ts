import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { BackendReport } from '../../../common/backends';
import { notebookFolderWith as writeNotebookFolder, type FakeMode } from './fixtures/fakeNativePackage';

const folders: string[] = [];
after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function emptyFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tlnb-empty-'));
  folders.push(folder);
  return folder;
}

function notebookFolderWith(packages: Partial<Record<'@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu', FakeMode>>): string {
  const folder = writeNotebookFolder(packages);
  folders.push(folder);
  return folder;
}

interface Scenario {
  report?: BackendReport;
  backend?: string;
  cellGetsKernelInstance?: boolean;
  secondTfjsLoaded?: boolean;
  trainedLoss?: number;
  note?: string | null;
  error?: string;
  pinnedError?: boolean;
}

function runScenario(preference: string, folder: string, timeoutMs?: number): Promise<Scenario> {
  const script = join(__dirname, 'fixtures', 'ladderScenario.ts');
  const args = ['--import', 'tsx', script, preference, folder, ...(timeoutMs === undefined ? [] : [String(timeoutMs)])];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('SCENARIO '));
      if (line === undefined) reject(new Error(`scenario printed no result (${error?.message ?? ''}): ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(line.slice('SCENARIO '.length)) as Scenario);
    });
  });
}

const reasonOf = (s: Scenario, rung: string) => s.report?.rungs.find((r) => r.name === rung)?.reason ?? '';

test('auto on a machine without native packages or GPU runs wasm and says why each faster rung did not start', async () => {
  const s = await runScenario('auto', emptyFolder());
  assert.equal(s.error, undefined);
  assert.equal(s.report!.active, 'wasm');
  assert.equal(s.backend, 'wasm');
  assert.deepEqual(s.report!.rungs.map((r) => [r.name, r.ok]), [['tensorflow-gpu', false], ['tensorflow', false], ['webgpu', false], ['wasm', true]]);
  assert.match(reasonOf(s, 'tensorflow-gpu'), /package not installed — npm install @tensorflow\/tfjs-node-gpu in the notebook's folder .*CUDA 11\.2 and cuDNN 8\.1/);
  assert.match(reasonOf(s, 'tensorflow'), /package not installed — npm install @tensorflow\/tfjs-node in the notebook's folder/);
  assert.match(reasonOf(s, 'webgpu'), /no WebGPU adapter/);
  assert.equal(s.cellGetsKernelInstance, true);
  assert.equal(s.trainedLoss, 2);
});

test('a pinned tensorflow-gpu that is not installed fails with the reason, not a fallback', async () => {
  const s = await runScenario('tensorflow-gpu', emptyFolder());
  assert.equal(s.pinnedError, true);
  assert.match(s.error!, /"tensorflow-gpu" backend is pinned .* cannot start: package not installed — npm install @tensorflow\/tfjs-node-gpu/);
});

test('tfjs-node in the notebook folder registers on the kernel\'s tfjs instance, not on its own copy', async () => {
  const s = await runScenario('auto', notebookFolderWith({ '@tensorflow/tfjs-node': 'cpu-ok' }));
  assert.equal(s.error, undefined);
  assert.equal(s.report!.active, 'tensorflow');
  assert.equal(s.backend, 'tensorflow');
  assert.match(s.report!.rungs.at(-1)!.detail!, /@tensorflow\/tfjs-node \(native TensorFlow on the CPU\)/);
  assert.equal(s.secondTfjsLoaded, false, 'the copy of @tensorflow/tfjs beside tfjs-node must not be loaded');
  assert.equal(s.cellGetsKernelInstance, true);
  assert.equal(s.trainedLoss, 2);
  assert.equal(s.note, null);
});

test('tfjs-node-gpu without CUDA: the GPU rung names the missing library, native CPU TensorFlow runs, a note says so', async () => {
  const s = await runScenario('auto', notebookFolderWith({ '@tensorflow/tfjs-node-gpu': 'no-cuda' }));
  assert.equal(s.error, undefined);
  assert.equal(s.report!.active, 'tensorflow');
  assert.match(reasonOf(s, 'tensorflow-gpu'), /libcudart\.so\.11\.0 not found — .*tfjs-node-gpu 4\.22 needs CUDA 11\.2 and cuDNN 8\.1/);
  assert.match(s.report!.rungs.at(-1)!.detail!, /@tensorflow\/tfjs-node-gpu/);
  assert.match(s.note!, /training runs on tensorflow \(CPU\), not on a GPU — tensorflow-gpu: .*libcudart/);
  assert.equal(s.secondTfjsLoaded, false);
});

test('tfjs-node-gpu with a GPU device: the tensorflow-gpu rung runs and names the GPU', async () => {
  const s = await runScenario('auto', notebookFolderWith({ '@tensorflow/tfjs-node-gpu': 'gpu-ok' }));
  assert.equal(s.error, undefined);
  assert.equal(s.report!.active, 'tensorflow-gpu');
  assert.equal(s.report!.rungs.at(-1)!.detail, 'Tesla T4 via CUDA (@tensorflow/tfjs-node-gpu)');
  assert.equal(s.trainedLoss, 2);
});

test('a native package that hangs while loading is abandoned after its time limit', async () => {
  const s = await runScenario('tensorflow-gpu', notebookFolderWith({ '@tensorflow/tfjs-node-gpu': 'hang' }), 3000);
  assert.equal(s.pinnedError, true);
  assert.match(s.error!, /@tensorflow\/tfjs-node-gpu did not load within 3 s/);
});

test('a native package installed without its addon points at the mirror settings, and auto falls through to wasm', async () => {
  const s = await runScenario('auto', notebookFolderWith({ '@tensorflow/tfjs-node': 'no-addon' }));
  assert.equal(s.report!.active, 'wasm');
  assert.match(reasonOf(s, 'tensorflow'), /installed without its native addon — .*TFJS_NODE_CDN_STORAGE/);
});
