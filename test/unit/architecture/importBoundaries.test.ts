// The runtime boundaries of the source tree (README "Layout", ../shared/design.md), checked on every
// import: what runs in the extension host, the kernel process, the renderer's webview and common/
// may import only what exists where it runs. Type-only imports count too: they tie a folder to
// another runtime's code just the same.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const repo = resolve(import.meta.dirname, '../../..');

/** A place in the tree with its own runtime: the top-level folder, or common/node for the Node-only part of common/. */
type Room = 'extension' | 'kernel' | 'renderer' | 'common' | 'common/node' | 'cli' | 'lib';
const ROOMS: readonly Room[] = ['common/node', 'common', 'extension', 'kernel', 'renderer', 'cli', 'lib'];

interface Rule {
  /** Rooms this one may import from, itself included. */
  rooms: readonly Room[];
  nodeBuiltins: boolean;
  vscode: boolean;
  tfjs: boolean;
}

const RULES: Record<Room, Rule> = {
  extension: { rooms: ['extension', 'common', 'common/node'], nodeBuiltins: true, vscode: true, tfjs: false },
  kernel: { rooms: ['kernel', 'common', 'common/node', 'lib'], nodeBuiltins: true, vscode: false, tfjs: true },
  lib: { rooms: ['lib', 'common', 'common/node'], nodeBuiltins: true, vscode: false, tfjs: true },
  cli: { rooms: ['cli', 'lib', 'common', 'common/node'], nodeBuiltins: true, vscode: false, tfjs: true },
  renderer: { rooms: ['renderer', 'common'], nodeBuiltins: false, vscode: false, tfjs: false },
  common: { rooms: ['common'], nodeBuiltins: false, vscode: false, tfjs: false },
  'common/node': { rooms: ['common', 'common/node'], nodeBuiltins: true, vscode: false, tfjs: false },
};

const NODE_BUILTINS = new Set(builtinModules);

export function roomOf(repoPath: string): Room | undefined {
  const path = repoPath.split(sep).join('/');
  return ROOMS.find((room) => path === room || path.startsWith(`${room}/`));
}

/** Every module specifier a file names: import/export from, import(), require(), import x = require(). */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Why an import from a file in `from` breaks the rules, or undefined when it is allowed. */
export function violation(fromFile: string, specifier: string): string | undefined {
  const from = roomOf(fromFile);
  if (from === undefined) return undefined;
  const rule = RULES[from];
  if (specifier.startsWith('.')) {
    const target = relative(repo, resolve(repo, dirname(fromFile), specifier));
    const to = roomOf(target);
    if (to === undefined || rule.rooms.includes(to)) return undefined;
    return `${from}/ may not import ${to}/ (${target})`;
  }
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(bare.split('/')[0]!)) {
    return rule.nodeBuiltins ? undefined : `${from}/ runs where Node's '${bare}' does not exist`;
  }
  if (specifier === 'vscode') return rule.vscode ? undefined : `${from}/ may not import vscode`;
  if (specifier.startsWith('@tensorflow/')) return rule.tfjs ? undefined : `${from}/ may not import TensorFlow.js (${specifier})`;
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(m|c)?tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

test('no source file imports across a runtime boundary', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const room of ['extension', 'kernel', 'renderer', 'common', 'cli', 'lib']) {
    let files: string[];
    try {
      files = sourceFiles(join(repo, room));
    } catch {
      continue; // a room that does not exist (yet)
    }
    for (const file of files) {
      const repoPath = relative(repo, file);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        checked++;
        const problem = violation(repoPath, specifier);
        if (problem !== undefined) problems.push(`${repoPath}: import '${specifier}': ${problem}`);
      }
    }
  }
  assert.ok(checked > 500, `only ${checked} imports found: is the scan looking in the right place?`);
  assert.deepEqual(problems, []);
});

test('the checker flags each kind of crossing (so the test above can fail)', () => {
  assert.match(violation('renderer/finetune/panelView.ts', '../../kernel/session') ?? '', /renderer\/ may not import kernel\//);
  assert.match(violation('renderer/index.ts', '../lib/display/display') ?? '', /renderer\/ may not import lib\//);
  assert.match(violation('common/protocol.ts', '../kernel/session') ?? '', /common\/ may not import kernel\//);
  assert.match(violation('lib/data/mnist.ts', '../../kernel/session') ?? '', /lib\/ may not import kernel\//);
  assert.match(violation('lib/data/mnist.ts', '../../cli/doctor') ?? '', /lib\/ may not import cli\//);
  assert.equal(violation('cli/doctor.ts', '../lib/backends/ladder'), undefined);
  assert.match(violation('common/format/parse.ts', 'node:fs') ?? '', /Node's 'fs'/);
  assert.match(violation('renderer/index.ts', 'path') ?? '', /Node's 'path'/);
  assert.match(violation('renderer/index.ts', '../common/node/kernelClient') ?? '', /renderer\/ may not import common\/node\//);
  assert.match(violation('kernel/main.ts', 'vscode') ?? '', /may not import vscode/);
  assert.match(violation('kernel/main.ts', '../extension/serializer') ?? '', /kernel\/ may not import extension\//);
  assert.match(violation('extension/extension.ts', '@tensorflow/tfjs') ?? '', /TensorFlow\.js/);
  assert.match(violation('extension/extension.ts', '../kernel/session') ?? '', /extension\/ may not import kernel\//);
  assert.equal(violation('extension/extension.ts', '../common/node/kernelClient'), undefined);
  assert.equal(violation('common/node/kernelClient.ts', 'node:child_process'), undefined);
  assert.equal(violation('kernel/session.ts', '@tensorflow/tfjs'), undefined);
  assert.deepEqual(importsOf("import a from './a';\nexport { b } from \"../b\";\nconst c = require('c');\nvoid import('d');\nimport type { E } from 'e';"), ['./a', '../b', 'c', 'd', 'e']);
});
