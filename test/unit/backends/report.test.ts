import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBackendReport, formatBackendStatus, formatFallbackNote } from '../../../common/backendReport';
import type { BackendReport } from '../../../common/backends';

const fellBack: BackendReport = {
  active: 'wasm',
  pinned: false,
  rungs: [
    { name: 'tensorflow-gpu', ok: false, failure: 'unusable', reason: 'libcudart.so.11.0 not found — tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1', ms: 3100 },
    { name: 'tensorflow', ok: false, failure: 'absent', reason: "package not installed — npm install @tensorflow/tfjs-node in the notebook's folder", ms: 1 },
    { name: 'webgpu', ok: false, failure: 'absent', reason: 'no WebGPU adapter', ms: 4 },
    { name: 'wasm', ok: true, detail: 'WebAssembly SIMD, 1 thread, tlnb training kernels', ms: 48 },
  ],
};

test('the report names the active backend and every skipped rung with its reason, aligned', () => {
  assert.equal(
    formatBackendReport(fellBack),
    [
      'TensorFlow.js backend: wasm — WebAssembly SIMD, 1 thread, tlnb training kernels (started in 48 ms)',
      '',
      'Faster backends that did not start:',
      '  tensorflow-gpu  libcudart.so.11.0 not found — tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1',
      "  tensorflow      package not installed — npm install @tensorflow/tfjs-node in the notebook's folder",
      '  webgpu          no WebGPU adapter',
      '',
      'Slower, not tried: cpu.',
      '',
      'How to get each backend working: docs/backends.md',
    ].join('\n'),
  );
  assert.equal(formatBackendStatus(fellBack), 'wasm (CPU)');
});

test('a pinned backend says it is pinned', () => {
  const pinned: BackendReport = { active: 'cpu', pinned: true, rungs: [{ name: 'cpu', ok: true, detail: 'pure JavaScript', ms: 2 }] };
  const text = formatBackendReport(pinned);
  assert.match(text, /^TensorFlow\.js backend: cpu — pure JavaScript \(started in 2 ms\)\nPinned by the tlnb\.backend setting/);
  assert.doesNotMatch(text, /did not start|not tried/);
});

test('the fallback note appears only when a GPU rung was there but failed', () => {
  assert.match(formatFallbackNote(fellBack)!, /^Note: training runs on wasm \(CPU\), not on a GPU — tensorflow-gpu: libcudart\.so\.11\.0 not found/);
  const noGpuHere: BackendReport = { ...fellBack, rungs: fellBack.rungs.map((r) => (r.name === 'tensorflow-gpu' ? { ...r, failure: 'absent' as const } : r)) };
  assert.equal(formatFallbackNote(noGpuHere), undefined);
  const onGpu: BackendReport = { active: 'webgpu', pinned: false, rungs: [fellBack.rungs[0]!, fellBack.rungs[1]!, { name: 'webgpu', ok: true, ms: 900 }] };
  assert.equal(formatFallbackNote(onGpu), undefined);
  assert.equal(formatBackendStatus(onGpu), 'webgpu (GPU)');
});
