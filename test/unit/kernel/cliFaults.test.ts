// `tlnb run` when cells misbehave or the paths are wrong: a cell that ignores its interrupt is
// killed after the grace period, processes a cell started end with the run, a missing --out folder
// is found before any cell runs, and notebook bytes are read exactly (BOM kept, bad UTF-8 refused).
// Each test bounds its own time; none asserts a duration.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook, serializeNotebook, type CellFile } from '../../../common/format';
import { CLI_PATH, ensureBuilt, tempDir } from './kernelHarness';

const code = (source: string): CellFile => ({ kind: 'code', language: 'typescript', source, metadata: {}, outputs: [], extra: {} });
const text = (data: Uint8Array) => new TextDecoder().decode(data);

function writeNotebook(dir: string, cells: CellFile[]): string {
  const path = join(dir, 'nb.tlnb');
  writeFileSync(path, serializeNotebook({ metadata: {}, cells, extra: {} }));
  return path;
}

interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
  /** False when all of tlnb's output streams were still open at `limitMs` (something kept them). */
  closed: boolean;
}

/** Runs tlnb and waits for its exit *and* the end of its output (which an inherited child would hold), up to limitMs. */
function tlnb(limitMs: number, ...args: string[]): Promise<Finished> {
  ensureBuilt();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ status: child.exitCode, stdout, stderr, closed: false });
    }, limitMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, closed: true });
    });
  });
}

/** Running, not merely a zombie waiting for init to collect its exit status. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function pidsIn(output: string): number[] {
  return [...output.matchAll(/child pid (\d+)/g)].map((m) => Number(m[1]));
}

test('--timeout kills a cell blocked in a system call after the grace period; the outputs are still written', async () => {
  const dir = tempDir();
  const path = writeNotebook(dir, [code("import { execSync } from 'node:child_process';\nconsole.log('before');\nexecSync('sleep 300');"), code("console.log('never');")]);
  const out = join(dir, 'out.tlnb');
  const result = await tlnb(90_000, 'run', path, '--timeout', '1', '--out', out);
  assert.ok(result.closed, `tlnb run did not end: ${result.stderr}`);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /Cell 1 after the 1 s timeout failed:\nKernelKilled: Cell 1 did not stop within 5 s of being interrupted at the 1 s timeout/);
  const saved = parseNotebook(readFileSync(out, 'utf8'));
  const items = saved.cells[0]!.outputs.flatMap((o) => o.items);
  assert.deepEqual(items.map((i) => i.mime), ['application/vnd.code.notebook.stdout', 'application/vnd.code.notebook.error']);
  assert.equal(text(items[0]!.data), 'before\n');
  assert.match(text(items[1]!.data), /tlnb killed the kernel/);
  assert.equal(saved.cells[0]!.execution?.success, false);
  assert.equal(saved.cells[1]!.execution, undefined);
});

test('--timeout kills a cell that closed the interrupt pipe and never yields', async () => {
  const dir = tempDir();
  const path = writeNotebook(dir, [code("import { closeSync } from 'node:fs';\ncloseSync(4);\nwhile (true) {}")]);
  const result = await tlnb(90_000, 'run', path, '--timeout', '1');
  assert.ok(result.closed, `tlnb run did not end: ${result.stderr}`);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /did not stop within 5 s of being interrupted/);
  assert.match(result.stdout, /wrote /);
});

test('a child a cell started with inherited stdio ends with tlnb run, which exits after "wrote"', async () => {
  const dir = tempDir();
  const path = writeNotebook(dir, [
    code("import { spawn } from 'node:child_process';\nconst sleeper = spawn('sleep', ['300'], { stdio: 'inherit' });\nconsole.log('child pid', sleeper.pid);"),
    code("const quiet = spawn('sleep', ['300'], { stdio: 'ignore', detached: false });\nconsole.log('child pid', quiet.pid);"),
  ]);
  const result = await tlnb(60_000, 'run', path);
  const pids = pidsIn(text(parseNotebook(readFileSync(path, 'utf8')).cells.flatMap((c) => c.outputs.flatMap((o) => o.items.map((i) => i.data))).reduce((a, b) => new Uint8Array([...a, ...b]))));
  try {
    assert.equal(pids.length, 2, result.stdout);
    assert.ok(result.closed, 'tlnb run ended and closed its output');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /wrote /);
    assert.deepEqual(pids.filter(alive), [], 'no process a cell started is left');
  } finally {
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  }
});

test('a child a cell started in a session of its own (detached, inherited stdio) does not keep tlnb run from exiting', async () => {
  // It escapes the kernel's process group (a cell asked for that), so it may outlive the run; but it
  // holds the kernel's stdout and stderr, which kept tlnb run waiting after "wrote" for as long as it lived.
  const dir = tempDir();
  const path = writeNotebook(dir, [code("import { spawn } from 'node:child_process';\nconst loose = spawn('sleep', ['300'], { stdio: 'inherit', detached: true });\nconsole.log('child pid', loose.pid);")]);
  const result = await tlnb(60_000, 'run', path);
  const pids = pidsIn(readFileSync(path, 'utf8'));
  try {
    assert.equal(pids.length, 1, result.stdout);
    assert.ok(result.closed, 'tlnb run ended and closed its output');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /wrote /);
  } finally {
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  }
});

test('--timeout ends a kernel that stopped itself (SIGSTOP) with a clear error, and writes the outputs', async () => {
  // The kill resets the stopped kernel's pipes: tlnb run used to crash on the pipe's ECONNRESET, writing nothing.
  const dir = tempDir();
  const path = writeNotebook(dir, [code("console.log('stopping');\nprocess.kill(process.pid, 'SIGSTOP');")]);
  const out = join(dir, 'out.tlnb');
  const result = await tlnb(90_000, 'run', path, '--timeout', '1', '--out', out);
  assert.ok(result.closed, `tlnb run did not end: ${result.stderr}`);
  assert.equal(result.status, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /ECONNRESET|Unhandled 'error' event/);
  assert.match(result.stderr, /KernelKilled: Cell 1 did not stop within 5 s of being interrupted at the 1 s timeout/);
  assert.match(result.stdout, /wrote /);
  assert.ok(existsSync(out));
});

test('--out into a missing folder is refused before any cell runs', async () => {
  const dir = tempDir();
  const marker = join(dir, 'cell-ran');
  const path = writeNotebook(dir, [code(`import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');`)]);
  const before = readFileSync(path);
  const result = await tlnb(60_000, 'run', path, '--out', join(dir, 'missing', 'out.tlnb'));
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot write .*out\.tlnb: the folder .*missing does not exist \(create it first\); no cell was run/);
  assert.equal(existsSync(marker), false, 'no cell ran');
  assert.doesNotMatch(result.stdout, /backend:/, 'no kernel was started');
  assert.deepEqual(readFileSync(path), before);
});

test('tlnb run keeps a UTF-8 byte order mark and refuses bytes that are not UTF-8, naming the byte', async () => {
  const dir = tempDir();
  const path = join(dir, 'bom.tlnb');
  const body = serializeNotebook({ metadata: {}, extra: {}, cells: [code('1 + 1')] });
  writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]));
  const ok = await tlnb(60_000, 'run', path);
  assert.equal(ok.status, 0, ok.stderr);
  const saved = readFileSync(path);
  assert.deepEqual([...saved.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the mark is kept');
  assert.equal(text(parseNotebook(saved.toString('utf8')).cells[0]!.outputs[0]!.items[0]!.data), '2');

  const bad = join(dir, 'latin1.tlnb');
  const bytes = Buffer.concat([Buffer.from('{"tlnb":1,"cells":[{"kind":"code","source":["caf'), Buffer.from([0xe9]), Buffer.from('"]}]}')]);
  writeFileSync(bad, bytes);
  const refused = spawnSync(process.execPath, [CLI_PATH, 'run', bad], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /cannot read .*latin1\.tlnb: line 1, column 49: invalid UTF-8 at byte offset 48/);
  assert.deepEqual(readFileSync(bad), bytes, 'the file is unchanged');
});

test('tlnb run never writes over a sample that ships with tlnb (run a copy, or pass --out)', async () => {
  const sample = join(CLI_PATH, '..', '..', 'samples', '00-welcome.tlnb');
  const before = readFileSync(sample);
  try {
    const result = await tlnb(60_000, 'run', sample);
    assert.equal(result.status, 2, result.stdout);
    assert.match(result.stderr, /is one of the samples that ship with tlnb, which a run never writes over; run a copy of it, or pass --out <file>/);
    assert.doesNotMatch(result.stdout, /backend:/, 'no kernel was started');
  } finally {
    const after = readFileSync(sample);
    if (!after.equals(before)) writeFileSync(sample, before);
    assert.deepEqual(after, before, 'the shipped sample is unchanged');
  }
});
