// The README's first command on a fresh clone: `git clone`, `npm ci`, then `npm start`, which
// builds and packages tlnb, installs it into VS Code for the Web and says where to open it; Ctrl+C
// stops it and leaves no process behind. The clone is of this checkout's HEAD (committed work
// only). code-server itself comes from the cache the other VS Code tests use (linked into a fresh
// cache folder, so the profile and extensions are new): CI proves the empty-cache install by
// running every VS Code test with an empty TLNB_CACHE_DIR (.ci/run).

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cacheDir, ensureCodeServer, freePort } from '../../scripts/lib/vscodeWeb.mjs';
import { REPO } from './support/workbench';

const root = mkdtempSync(join(tmpdir(), 'tlnb-fresh-clone-'));
const clone = join(root, 'tlnb');
let started: ChildProcess | undefined;

/** A user's shell: none of the npm_* variables an outer `npm test` exports. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))), ...extra };
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${String(result.stdout).slice(-3000)}\n${String(result.stderr).slice(-3000)}`);
}

/** The processes whose command line names the clone or whose working folder lies in it. */
function processesOfClone(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // a process of another user, or one that just ended
      }
      if (cmdline.includes(clone) || cwd === clone || cwd.startsWith(`${clone}/`)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // ended while we looked
    }
  }
  return found;
}

after(() => {
  if (started?.pid && started.exitCode === null) {
    try {
      process.kill(-started.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

test('npm start on a fresh clone: installs, builds, runs VS Code for the Web that answers at the URL it prints; Ctrl+C stops it and leaves no process', { timeout: 20 * 60_000 }, async () => {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  run('git', ['clone', '--quiet', REPO, clone]);
  run('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });

  // code-server and its Node from the shared cache, linked into a fresh cache: a new profile, no reinstall.
  ensureCodeServer();
  const cache = join(root, 'cache');
  mkdirSync(join(cache, 'vscode-web'), { recursive: true });
  for (const name of readdirSync(join(cacheDir(), 'vscode-web')).filter((n) => /^(code-server|node)-/.test(n))) {
    symlinkSync(join(cacheDir(), 'vscode-web', name), join(cache, 'vscode-web', name));
  }
  const env = userEnv({ TLNB_CACHE_DIR: cache });

  const ci = Date.now();
  run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, env, timeout: 10 * 60_000 });
  console.log(`npm ci in the fresh clone: ${((Date.now() - ci) / 1000).toFixed(0)} s`);

  const port = await freePort();
  const start = Date.now();
  // Its own process group, as a terminal's foreground job: Ctrl+C signals the whole group.
  started = spawn('npm', ['start', '--', '--web', '--port', String(port)], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no "running" line within 10 minutes:\n${output.slice(-4000)}`)), 10 * 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // start.mjs prints the URL and then the samples' folder: the two lines can arrive in separate chunks
      const match = /tlnb is running in VS Code for the Web\. Open (http:\/\/\S+) in a browser\r?\n.*the samples are in/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    started!.stdout!.on('data', onData);
    started!.stderr!.on('data', onData);
    started!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before it was running:\n${output.slice(-4000)}`));
    });
  });
  console.log(`npm start to "running": ${((Date.now() - start) / 1000).toFixed(0)} s`);
  assert.equal(url, `http://127.0.0.1:${port}/`);
  assert.doesNotMatch(output, /Unknown env config|requires node v24/, 'no npm warning about the environment, no Node version refusal');
  assert.match(output, /the samples are in .*\/workspace/);

  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i, 'VS Code for the Web answers');

  const exited = new Promise<number | null>((resolve) => started!.once('exit', (code) => resolve(code)));
  process.kill(-started.pid!, 'SIGINT');
  const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000))]);
  assert.notEqual(code, 'hung', 'npm start ended within 30 s of Ctrl+C');
  const deadline = Date.now() + 15_000;
  while (processesOfClone().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  assert.deepEqual(processesOfClone(), [], 'no process of the clone is left');
});
