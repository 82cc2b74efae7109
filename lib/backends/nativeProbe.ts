// Loads @tensorflow/tfjs-node(-gpu) once in a child process before the kernel loads it itself:
// a native library that crashes (no AVX), hangs (a stuck driver) or logs that CUDA is missing
// then costs a child process, not the kernel, and its log can be read (nativeDiagnosis.ts).

import { execFile } from 'node:child_process';
import { PROBE_MARKER, type ProbeOutcome } from './nativeDiagnosis';

// The child resolves the package's own @tensorflow/tfjs (installed beside it): this only asks
// whether the native backend starts, and on which device.
const PROBE_SCRIPT = `
const tf = require(process.env.TLNB_PROBE_PACKAGE);
(async () => {
  await tf.ready();
  const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const product = await tf.matMul(a, a).data();
  process.stdout.write('${PROBE_MARKER} ' + tf.getBackend() + ' ' + product[0] + '\\n');
})().catch((e) => { console.error((e && e.stack) || String(e)); process.exit(3); });
`;

export function probeNativePackage(packageDir: string, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', PROBE_SCRIPT],
      {
        env: {
          ...process.env,
          TLNB_PROBE_PACKAGE: packageDir,
          TF_CPP_MIN_LOG_LEVEL: '0', // device creation and missing CUDA libraries are INFO/WARNING lines
          ELECTRON_RUN_AS_NODE: '1', // when the kernel runs on VS Code's Electron binary
        },
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 8 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const failed = error;
        resolve({
          exitCode: failed ? (typeof failed.code === 'number' ? failed.code : null) : 0,
          signal: failed?.signal ?? null,
          stdout: String(stdout),
          stderr: String(stderr),
          timedOut: Boolean(failed?.killed) && failed?.signal === 'SIGKILL',
          timeoutMs,
        });
      },
    );
  });
}
