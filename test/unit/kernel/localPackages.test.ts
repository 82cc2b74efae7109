// `--no-local-packages` (issue 12, item 4): `tlnb doctor`, `tlnb finetune` and `tlnb run` load
// @tensorflow/tfjs-node from node_modules in the folder they work in (or a parent) when it is
// installed there, which runs that package's code; with the flag, nothing from the folder tree is
// loaded. A package planted in a temporary folder appends a line to a marker file when it is
// required (by the backend probe's child process or by the command itself).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { serializeNotebook } from '../../../common/format';
import { clusterCsv, saveMlp } from '../finetune/fixtures';
import { CLI_PATH, ensureBuilt, tempDir } from './kernelHarness';

/** A folder whose node_modules holds a fake @tensorflow/tfjs-node that records every require. */
function plantedFolder(): { dir: string; marker: string } {
  const dir = tempDir('tlnb-planted-');
  const marker = join(dir, 'planted-package-ran');
  const pkg = join(dir, 'node_modules', '@tensorflow', 'tfjs-node');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), `require('fs').appendFileSync(${JSON.stringify(marker)}, 'required by pid ' + process.pid + '\\n');\n`);
  return { dir, marker };
}

function tlnb(cwd: string, args: string[]) {
  ensureBuilt();
  return spawnSync(process.execPath, [CLI_PATH, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}

/** Runs the command in a fresh planted folder, and says whether the planted package ran. */
async function plantedRan(args: (dir: string) => string[] | Promise<string[]>, sub = ''): Promise<{ ran: boolean; output: string }> {
  const { dir, marker } = plantedFolder();
  const cwd = join(dir, sub);
  mkdirSync(cwd, { recursive: true });
  const result = tlnb(cwd, await args(cwd));
  return { ran: existsSync(marker) && readFileSync(marker, 'utf8').length > 0, output: `${result.stdout}\n${result.stderr}` };
}

test('tlnb doctor loads a package planted in a parent folder, and not with --no-local-packages', async () => {
  const plain = await plantedRan(() => ['doctor'], 'notebooks/deeper');
  assert.ok(plain.ran, `without the flag the planted package is loaded (documented); output:\n${plain.output}`);
  const flagged = await plantedRan(() => ['doctor', '--no-local-packages'], 'notebooks/deeper');
  assert.equal(flagged.ran, false, flagged.output);
  assert.match(flagged.output, /Optional packages are looked for only in tlnb's own install \(--no-local-packages\)/);
});

test('tlnb finetune with --no-local-packages loads nothing from the folder tree', async () => {
  const args = async (cwd: string) => {
    const model = await saveMlp(join(cwd, 'model'), [4], 4, 3);
    writeFileSync(join(cwd, 'points.csv'), clusterCsv(6));
    return ['finetune', '--model', model, '--data', join(cwd, 'points.csv'), '--epochs', '1', '--out', join(cwd, 'out')];
  };
  const plain = await plantedRan(args);
  assert.ok(plain.ran, plain.output);
  const flagged = await plantedRan(async (cwd) => [...(await args(cwd)), '--no-local-packages']);
  assert.equal(flagged.ran, false, flagged.output);
  assert.match(flagged.output, /saved the fine-tuned model/);
});

test("tlnb run with --no-local-packages: the kernel's backend ladder loads nothing from the notebook's folder tree", async () => {
  const notebook = (cwd: string) => {
    const path = join(cwd, 'nb.tlnb');
    writeFileSync(path, serializeNotebook({ metadata: {}, cells: [{ kind: 'code', language: 'typescript', source: 'console.log(1 + 1)', metadata: {}, outputs: [], extra: {} }], extra: {} }));
    return path;
  };
  const plain = await plantedRan((cwd) => ['run', notebook(cwd)], 'nb');
  assert.ok(plain.ran, plain.output);
  const flagged = await plantedRan((cwd) => ['run', notebook(cwd), '--no-local-packages'], 'nb');
  assert.equal(flagged.ran, false, flagged.output);
  assert.match(flagged.output, /wrote /);
});

test('--help of run, doctor and finetune says what --no-local-packages does', () => {
  const dir = tempDir();
  assert.match(tlnb(dir, ['--help']).stdout, /--no-local-packages +load no backend package from node_modules/);
  assert.match(tlnb(dir, ['doctor', '--help']).stdout, /--no-local-packages/);
  assert.match(tlnb(dir, ['finetune', '--help']).stdout, /--no-local-packages +load nothing from node_modules in the current\s+folder or its parents/);
});
