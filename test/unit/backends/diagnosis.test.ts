import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnoseNativeProbe, PROBE_MARKER, type ProbeOutcome } from '../../../lib/backends/nativeDiagnosis';

const GPU = '@tensorflow/tfjs-node-gpu';
const started = `${PROBE_MARKER} tensorflow 7\n`;

function outcome(stderr: string, extra: Partial<ProbeOutcome> = {}): ProbeOutcome {
  return { exitCode: 0, signal: null, stdout: started, stderr, timedOut: false, timeoutMs: 60_000, ...extra };
}

// Log lines as TensorFlow 2.9 (libtensorflow of tfjs-node 4.22) prints them.
const dso = (lib: string) =>
  `2024-05-01 10:00:00.000001: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library '${lib}'; dlerror: ${lib}: cannot open shared object file: No such file or directory\n`;

test('a GPU device in the log means the GPU rung works, named after the device', () => {
  const log = '2024-05-01 10:00:01.5: I tensorflow/core/common_runtime/gpu/gpu_device.cc:1532] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 78000 MB memory:  -> device: 0, name: NVIDIA H100 80GB HBM3, pci bus id: 0000:00:05.0, compute capability: 9.0\n';
  assert.deepEqual(diagnoseNativeProbe(GPU, outcome(log), true), { ok: true, detail: `NVIDIA H100 80GB HBM3 via CUDA (${GPU})` });
});

test('CUDA 12 instead of 11.2: libcudart.so.11.0 is named with the versions tfjs-node-gpu needs', () => {
  const d = diagnoseNativeProbe(GPU, outcome(dso('libcudart.so.11.0') + dso('libcublas.so.11') + dso('libcudnn.so.8')), true);
  assert.equal(d.ok, false);
  assert.match(!d.ok ? d.reason : '', /TensorFlow sees no GPU and would run on the CPU: libcudart\.so\.11\.0 not found — CUDA 11 .*tfjs-node-gpu 4\.22 needs CUDA 11\.2 and cuDNN 8\.1/);
  assert.equal(!d.ok && d.failure, 'unusable');
});

test('only cuDNN missing names cuDNN', () => {
  const d = diagnoseNativeProbe(GPU, outcome(dso('libcudnn.so.8')), true);
  assert.match(!d.ok ? d.reason : '', /libcudnn\.so\.8 not found — cuDNN 8 is not installed/);
});

test('no NVIDIA driver and no device are "absent", not failures of an installed GPU', () => {
  const noDriver = diagnoseNativeProbe(GPU, outcome(dso('libcuda.so.1')), true);
  assert.match(!noDriver.ok ? noDriver.reason : '', /libcuda\.so\.1 not found — the NVIDIA driver is not installed/);
  assert.equal(!noDriver.ok && noDriver.failure, 'absent');
  const noDevice = diagnoseNativeProbe(GPU, outcome('E tensorflow/stream_executor/cuda/cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected\n'), true);
  assert.match(!noDevice.ok ? noDevice.reason : '', /no CUDA GPU is visible .*CUDA_VISIBLE_DEVICES/);
  assert.equal(!noDevice.ok && noDevice.failure, 'absent');
});

test('the same package without a GPU is fine for the CPU rung', () => {
  assert.deepEqual(diagnoseNativeProbe(GPU, outcome(dso('libcudart.so.11.0')), false), { ok: true, detail: `${GPU} (native TensorFlow on the CPU)` });
});

test('crashes, hangs, a missing addon and missing dependencies each get their own reason', () => {
  const reason = (o: ProbeOutcome) => {
    const d = diagnoseNativeProbe('@tensorflow/tfjs-node', o, false);
    return d.ok ? 'ok' : d.reason;
  };
  assert.match(reason(outcome('', { stdout: '', signal: 'SIGILL', exitCode: null })), /illegal instruction: the prebuilt libtensorflow needs a CPU with AVX/);
  assert.match(reason(outcome('', { stdout: '', timedOut: true, signal: 'SIGKILL', exitCode: null, timeoutMs: 5000 })), /did not load within 5 s/);
  assert.match(
    reason(outcome("Error: The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/lib/napi-v8/tfjs_binding.node.\n", { stdout: '', exitCode: 1 })),
    /installed without its native addon — .*TFJS_NODE_CDN_STORAGE/,
  );
  assert.match(
    reason(outcome('Error: libtensorflow.so.2: cannot open shared object file: No such file or directory\n', { stdout: '', exitCode: 1 })),
    /libtensorflow\.so\.2 is missing from @tensorflow\/tfjs-node's deps\/lib/,
  );
  assert.match(
    reason(outcome("Error: Cannot find module '@mapbox/node-pre-gyp'\nRequire stack:\n- /x/dist/index.js\n", { stdout: '', exitCode: 1 })),
    /cannot find its dependency @mapbox\/node-pre-gyp — run npm install in the notebook's folder/,
  );
  assert.match(reason(outcome('Segmentation fault\n', { stdout: '', exitCode: null, signal: 'SIGSEGV' })), /failed to start \(was killed by SIGSEGV\): Segmentation fault/);
});
