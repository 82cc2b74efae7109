// The quick start's one command (`npm start`): installs dependencies if needed, builds and packages
// tlnb, installs it into a local VS Code and opens a copy of the samples there.
//   - with the desktop `code` command on PATH: installs the VSIX and opens the folder in VS Code;
//   - otherwise (or with --web): VS Code for the Web (code-server from the npm registry, cached in
//     ~/.cache/tlnb) on http://127.0.0.1:PORT, and prints where to open it. Ctrl+C stops it.
// Options: --web, --port N (default 8080 or $TLNB_PORT), --folder DIR (default ./workspace).
// Plain Node with no dependencies: it runs on a fresh clone.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, installExtension, startCodeServer } from './lib/vscodeWeb.mjs';

const repo = resolve(import.meta.dirname, '..');
const { values: options } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.TLNB_PORT ?? '8080' },
    folder: { type: 'string', default: join(repo, 'workspace') },
  },
});

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: repo });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function dependenciesOutdated() {
  const installed = join(repo, 'node_modules', '.package-lock.json');
  return !existsSync(installed) || statSync(join(repo, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
}

/** A copy of the samples to work in, so the shipped ones stay clean; never overwrites edits. */
function prepareWorkspace(folder) {
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(join(repo, 'samples'))) {
    if (!existsSync(join(folder, name))) cpSync(join(repo, 'samples', name), join(folder, name), { recursive: true });
  }
}

if (dependenciesOutdated()) run('npm', ['ci']);
run('npm', ['run', 'package']);
const vsix = join(repo, 'out', 'tlnb.vsix');
prepareWorkspace(options.folder);

const desktop = !options.web && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (desktop) {
  run('code', ['--install-extension', vsix, '--force']);
  run('code', [options.folder]);
  console.log(`\ntlnb is installed in VS Code; the samples are open from ${options.folder}`);
} else {
  const root = join(cacheDir(), 'vscode-web');
  const extensionsDir = join(root, 'extensions');
  installExtension(extensionsDir, vsix);
  const server = await startCodeServer({
    workspace: options.folder,
    extensionsDir,
    userDataDir: join(root, 'user-data'),
    port: Number(options.port),
    trust: true,
    // A closed browser tab ends its extension host and kernels after 2 minutes, not code-server's 3 hours.
    reconnectionGraceSeconds: 120,
  });
  console.log(`\ntlnb is running in VS Code for the Web. Open ${server.url} in a browser`);
  console.log(`(the samples are in ${options.folder}; Ctrl+C stops the server).`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', (code) => process.exit(code ?? 0));
}
