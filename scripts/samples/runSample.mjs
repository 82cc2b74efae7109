// Runs one shipped sample notebook with the built `tlnb run`, in a fresh copy: the sample and
// samples/models/ are copied into a temporary folder first, so that a run never touches samples/
// (the notebook itself gets new outputs; chapters 6 and 9 save model files into my-models/ beside it,
// and training is not deterministic). The copy has the shipped layout, so a test can check that a
// run leaves the copy's models/ byte for byte as shipped. Used by `npm run samples:refresh` and test/samples/runSamples.test.ts.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const SAMPLES_DIR = join(REPO, 'samples');
const CLI = join(REPO, 'bin', 'tlnb.js');

/** The sample notebooks' file names, in chapter order. */
export function sampleFiles() {
  return readdirSync(SAMPLES_DIR).filter((name) => name.endsWith('.tlnb')).sort();
}

/**
 * Copies `file` (a name in samples/) and samples/models/ into a new temporary folder and runs it
 * there with `node bin/tlnb.js run` on the default backend (or `backend`, with `env` added to the
 * environment). Resolves when the run ends, with its exit
 * status (null when killed after `timeoutMs`), wall time and output; `remove()` deletes the folder.
 */
export function runSampleCopy(file, { timeoutMs = 15 * 60_000, echo = false, backend, env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tlnb-sample-'));
  const copy = join(dir, file);
  cpSync(join(SAMPLES_DIR, file), copy);
  cpSync(join(SAMPLES_DIR, 'models'), join(dir, 'models'), { recursive: true });
  const start = performance.now();
  const args = [CLI, 'run', copy, ...(backend ? ['--backend', backend] : [])];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const collect = (stream, target) => {
    stream.setEncoding('utf8');
    stream.on('data', (text) => {
      output += text;
      if (echo) target.write(text);
    });
  };
  collect(child.stdout, process.stdout);
  collect(child.stderr, process.stderr);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolveRun({ status, seconds: (performance.now() - start) / 1000, output, dir, copy, remove: () => rmSync(dir, { recursive: true, force: true }) });
    });
  });
}
