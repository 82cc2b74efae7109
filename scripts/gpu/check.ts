// npm run check:gpu [-- --samples 00,03 --backends webgpu,auto --out DIR --budget SECONDS --jobs N --no-parity --no-memory]
//
// The GPU check of issue 14, for a person with a GPU machine: `tlnb doctor`, the parity suite
// (test/gpu/webgpuParity.test.ts) on the machine's own adapter (TLNB_GPU_CHECK=real), issue 18's
// memory profile (test/gpu/fixtures/memory-profile.tlnb: the big MLP for 20 epochs), and every
// sample notebook with `tlnb run --backend webgpu` and `--backend auto` (which must pick webgpu
// there), then a table: step, backend, seconds, pass/fail. Exit status 1 when anything failed.
// With --out it writes check.md, check.json and every run's full output there. --budget: start
// nothing new after that many seconds (what is left is listed as not run). --jobs: samples run that
// many at a time (default 1; the payload's run.sh uses 4 on a machine with 8 cores or more).
// On a machine without a GPU it runs on SwiftShader when the environment opts in
// (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json TLNB_WEBGPU_ALLOW_SOFTWARE=1).
// Runs from source (tsx) or bundled in the GPU-machine payload (scripts/gpu/payload.mjs), where
// this file is dist/gpu-check.js; each sample is run as scripts/samples/runSample.mjs runs one
// (a fresh copy beside a copy of samples/models), which cannot be loaded from that bundle.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { option, runProcess } from '../bench/engines';

/** The folder with bin/tlnb.js: the repository, or the payload's tlnb/ folder. */
function findRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'bin', 'tlnb.js'))) return dir;
  throw new Error(`no bin/tlnb.js above ${__dirname}`);
}

interface Row {
  step: string;
  backend: string;
  seconds?: number;
  result: 'pass' | 'FAIL' | 'not run';
  note: string;
}

const ROOT = findRoot();
const CLI = join(ROOT, 'bin', 'tlnb.js');
const outDir = option('out', '');
const budget = Number(option('budget', 'Infinity'));
const backends = option('backends', 'webgpu,auto').split(',');
const wantedSamples = option('samples', '').split(',').filter(Boolean);
const sampleTimeout = Number(option('sample-timeout', '900'));
const jobs = Number(option('jobs', '1'));
const software = process.env.TLNB_WEBGPU_ALLOW_SOFTWARE === '1';
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const rows: Row[] = [];

function save(name: string, text: string): void {
  if (!outDir) return;
  mkdirSync(dirname(join(outDir, name)), { recursive: true });
  writeFileSync(join(outDir, name), text);
}

function record(row: Row): void {
  rows.push(row);
  console.log(`${row.result.padEnd(7)} ${row.step} [${row.backend}] ${row.seconds?.toFixed(1) ?? '–'} s ${row.note}`);
}

/** The backend `tlnb doctor` / `tlnb run` says it runs on. */
const activeBackend = (output: string) => /^(?:TensorFlow\.js backend|backend): (\S+)/m.exec(output)?.[1];

async function doctor(): Promise<void> {
  const t = performance.now();
  const out = await runProcess(process.execPath, [CLI, 'doctor'], 180_000, process.env, tmpdir());
  const text = `${out.stdout}${out.stderr}`;
  save('doctor.txt', text);
  console.log(out.stdout);
  const picked = activeBackend(text);
  const ok = out.failed === undefined && picked === 'webgpu';
  record({ step: 'tlnb doctor', backend: 'auto', seconds: (performance.now() - t) / 1000, result: ok ? 'pass' : 'FAIL', note: ok ? 'picks webgpu' : `picks ${picked ?? 'nothing'}${out.failed ? ` (${out.failed})` : ''}` });
}

async function parity(): Promise<void> {
  const bundled = join(__dirname, 'gpu-parity.test.js');
  const source = join(ROOT, 'test', 'gpu', 'webgpuParity.test.ts');
  const args = existsSync(bundled) ? ['--test', '--test-reporter=tap', bundled] : ['--import', 'tsx', '--test', '--test-reporter=tap', source];
  const t = performance.now();
  const out = await runProcess(process.execPath, args, 600_000, { ...process.env, TLNB_GPU_CHECK: 'real' }, ROOT);
  const text = `${out.stdout}${out.stderr}`;
  save('parity.txt', text);
  const count = (what: string) => Number(new RegExp(`^# ${what} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  const [pass, fail, skipped] = [count('pass'), count('fail'), count('skipped')];
  const ok = out.failed === undefined && fail === 0 && pass > 0 && skipped === 0;
  const adapter = /^# webgpu: (.*)$/m.exec(text)?.[1] ?? /webgpu: (.*)$/m.exec(text)?.[1] ?? '';
  const failures = [...text.matchAll(/^not ok \d+ - (.*)$/gm)].map((m) => m[1]).join('; ');
  record({ step: 'parity suite (webgpuParity.test.ts)', backend: 'webgpu', seconds: (performance.now() - t) / 1000, result: ok ? 'pass' : 'FAIL', note: `${pass} passed, ${fail} failed, ${skipped} skipped${failures ? `: ${failures}` : ''}${out.failed ? ` (${out.failed})` : ''} ${adapter.slice(0, 80)}` });
}

/**
 * Issue 18's big MLP (784-4096-4096-10, batch 512) trained for 20 epochs on webgpu
 * (test/gpu/fixtures/memory-profile.tlnb): passes when its last cell finds the GPU memory profile flat.
 * On a software adapter the model is shrunk to 256 units, batch 64, or it would take an hour.
 */
async function memoryProfile(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tlnb-gpu-check-'));
  try {
    const copy = join(dir, 'memory-profile.tlnb');
    cpSync(join(ROOT, 'test', 'gpu', 'fixtures', 'memory-profile.tlnb'), copy);
    const env = software ? { ...process.env, TLNB_MEMORY_PROFILE_UNITS: '256', TLNB_MEMORY_PROFILE_BATCH: '64' } : process.env;
    const t = performance.now();
    const out = await runProcess(process.execPath, [CLI, 'run', copy, '--backend', 'webgpu'], sampleTimeout * 1000, env, dir);
    const text = `${out.stdout}${out.stderr}`;
    save('memory-profile.txt', `${text}\n${existsSync(copy) ? readFileSync(copy, 'utf8') : ''}`);
    const notebook = existsSync(copy) ? readFileSync(copy, 'utf8') : '';
    const verdict = /(flat: \d+ tensors[^"\\]*)/.exec(notebook)?.[1] ?? /(GPU memory grew: [^"\\]*)/.exec(notebook)?.[1] ?? out.failed?.split('\n')[0] ?? '';
    record({ step: `memory profile, 20 epochs${software ? ' (software adapter: 256 units, batch 64)' : ''}`, backend: 'webgpu', seconds: (performance.now() - t) / 1000, result: out.failed === undefined ? 'pass' : 'FAIL', note: verdict.slice(0, 200) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sample(file: string, backend: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tlnb-gpu-check-'));
  try {
    const copy = join(dir, file);
    cpSync(join(ROOT, 'samples', file), copy);
    cpSync(join(ROOT, 'samples', 'models'), join(dir, 'models'), { recursive: true });
    const t = performance.now();
    const out = await runProcess(process.execPath, [CLI, 'run', copy, '--backend', backend], sampleTimeout * 1000, process.env, dir);
    const seconds = (performance.now() - t) / 1000;
    const text = `${out.stdout}${out.stderr}`;
    save(`samples/${backend}-${file.replace(/\.tlnb$/, '')}.txt`, text);
    const ran = activeBackend(text);
    const problems: string[] = [];
    if (out.failed) problems.push(out.failed.split('\n')[0]!.slice(0, 200));
    if (ran !== 'webgpu') problems.push(`ran on ${ran ?? 'no backend'}, not webgpu`);
    record({ step: file.replace(/\.tlnb$/, ''), backend: backend === 'auto' ? `auto → ${ran ?? '?'}` : backend, seconds, result: problems.length ? 'FAIL' : 'pass', note: problems.join('; ') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const header = [
    `tlnb GPU check — ${new Date().toISOString()}`,
    `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `Vulkan: VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? ''} VK_DRIVER_FILES=${process.env.VK_DRIVER_FILES ?? ''}${software ? ' — TLNB_WEBGPU_ALLOW_SOFTWARE=1: a software adapter counts (testing only)' : ''}`,
    `tlnb: ${ROOT}`,
  ];
  console.log(`${header.join('\n')}\n`);
  // Stopped by a time limit (run.sh's `timeout`): the table of what finished, the rest marked.
  process.once('SIGTERM', () => {
    record({ step: 'the rest', backend: '–', result: 'not run', note: 'stopped by SIGTERM (time limit)' });
    report(header);
    process.exit(124);
  });
  const samples = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.tlnb') && (wantedSamples.length === 0 || wantedSamples.some((w) => f.startsWith(w)))).sort();
  type Step = [string, string, () => Promise<void>];
  const steps: Step[] = [['tlnb doctor', 'auto', doctor]];
  if (!process.argv.includes('--no-parity')) steps.push(['parity suite (webgpuParity.test.ts)', 'webgpu', parity]);
  if (!process.argv.includes('--no-memory')) steps.push(['memory profile', 'webgpu', memoryProfile]);
  const sampleSteps: Step[] = [];
  for (const backend of backends) for (const file of samples) sampleSteps.push([file.replace(/\.tlnb$/, ''), backend, () => sample(file, backend)]);
  const runStep = async ([step, backend, run]: Step) => {
    if (elapsed() > budget) record({ step, backend, result: 'not run', note: `time budget of ${budget} s spent` });
    else await run();
  };
  for (const step of steps) await runStep(step);
  // Samples --jobs at a time (each its own kernel process on the one GPU): their seconds then include the sharing.
  const queue = [...sampleSteps];
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
    for (let step = queue.shift(); step !== undefined; step = queue.shift()) await runStep(step);
  }));
  process.exitCode = report(header) === 0 ? 0 : 1;
}

/** Prints and saves the table of the steps done so far; returns how many did not pass. */
function report(header: string[]): number {
  const table = [
    '| step | backend | seconds | result | note |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.step} | ${r.backend} | ${r.seconds?.toFixed(1) ?? '–'} | ${r.result} | ${r.note.replace(/\|/g, '/')} |`),
  ];
  const failed = rows.filter((r) => r.result !== 'pass').length;
  const summary = `${rows.length - failed} of ${rows.length} passed in ${elapsed().toFixed(0)} s; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  console.log(`\n${table.join('\n')}\n\n${summary}`);
  save('check.md', `${header.join('\n\n')}\n\n${table.join('\n')}\n\n${summary}\n`);
  save('check.json', `${JSON.stringify({ header, rows }, null, 2)}\n`);
  return failed;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
