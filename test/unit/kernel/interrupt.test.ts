// Interrupt keeps the kernel's state: a fit stops at a batch boundary, a blocking loop is broken,
// a pending promise is abandoned. A kernel that dies says why.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { MIME, type TrainingPayload } from '../../../common/outputs';
import { itemText, plain, run, startKernel, type Run } from './kernelHarness';

let kernel: KernelClient;
before(async () => {
  kernel = await startKernel();
});
after(async () => {
  await kernel.shutdown();
});

/** Runs code and interrupts it once `ready` shows up in its stdout (so the cell is surely running). */
async function runAndInterrupt(code: string, label: string): Promise<Run['result'] & { stdout: string; events: Run['events'] }> {
  const events: Run['events'] = [];
  let interrupted = false;
  const { id, result } = kernel.execute(code, label, (event) => {
    events.push(event);
    if (!interrupted && event.type === 'stream' && event.text.includes('ready')) {
      interrupted = true;
      kernel.interrupt(id);
    }
  });
  const finished = await result;
  const stdout = events.map((e) => (e.type === 'stream' ? e.text : '')).join('');
  return { ...finished, stdout, events };
}

async function value(code: string): Promise<string | undefined> {
  const r = await run(kernel, code);
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  return plain(r);
}

test('a synchronous infinite loop is broken and earlier variables survive', async () => {
  await value('const survivor = { name: "kept" };\nlet spins = 0;');
  const r = await runAndInterrupt("console.log('ready');\nwhile (true) { spins++; }", 'Cell L');
  assert.equal(r.status, 'interrupted');
  assert.equal(r.error?.name, 'Interrupted');
  assert.match(r.error!.message, /did not yield/);
  assert.equal(await value('[survivor.name, spins > 0]'), "[ 'kept', true ]");
});

test('a loop that blocks after an await is broken too', async () => {
  const r = await runAndInterrupt("await new Promise((r) => setTimeout(r, 10));\nconsole.log('ready');\nfor (;;) {}", 'Cell L2');
  assert.equal(r.status, 'interrupted');
  assert.equal(await value('survivor.name'), "'kept'");
});

test('a pending promise is abandoned', async () => {
  const r = await runAndInterrupt("console.log('ready');\nawait new Promise(() => {});", 'Cell P');
  assert.equal(r.status, 'interrupted');
  assert.match(r.error!.message, /abandoned/);
  assert.equal(await value('1 + 1'), '2');
});

test('interrupting fit stops training at a batch boundary; the model and variables stay usable', async () => {
  await value(`import * as tf from '@tensorflow/tfjs';
const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
const xs = tf.randomNormal([4096, 8]);
const ys = tf.randomNormal([4096, 1]);`);
  const r = await runAndInterrupt(
    `await model.fit(xs, ys, { epochs: 1000, batchSize: 8, callbacks: { onBatchEnd: async (batch) => { if (batch === 3) console.log('ready'); } } });
console.log('not reached');`,
    'Cell F',
  );
  assert.equal(r.status, 'interrupted');
  assert.match(r.error!.message, /training stopped after \d+ complete epoch\(s\) and \d+ batch\(es\)/);
  assert.doesNotMatch(r.stdout, /not reached/);
  const last = [...r.events].reverse().find((e) => (e.type === 'display' || e.type === 'update-display') && e.items.some((i) => i.mime === MIME.training));
  const payload = JSON.parse(itemText(last && 'items' in last ? last.items : undefined, MIME.training)!) as TrainingPayload;
  assert.equal(payload.runs[0]!.status, 'stopped');
  // The model is consistent and can train again.
  assert.equal(await value('(model.predict(tf.ones([2, 8])) as tf.Tensor).shape'), '[ 2, 1 ]');
  assert.equal(await value('(await model.fit(xs, ys, { epochs: 1, batchSize: 1024 })).epoch.length'), '1');
});

test('a blocking loop inside tf.tidy is broken and leaves no open tidy scope', async () => {
  const before = Number(await value('tf.memory().numTensors'));
  const r = await runAndInterrupt("tf.tidy(() => { tf.ones([10]); console.log('ready'); while (true) {} });", 'Cell T');
  assert.equal(r.status, 'interrupted');
  assert.equal(Number(await value('tf.memory().numTensors')), before, 'the tidy scope was closed and its tensor disposed');
  assert.equal(await value('tf.tidy(() => tf.scalar(2).mul(3)).dataSync()[0]'), '6');
});

test('process.exit in a cell ends the cell with an error saying the kernel died and why', async () => {
  const r = await run(kernel, 'process.exit(3)', 'Cell X');
  assert.equal(r.result.status, 'died');
  assert.match(r.result.error!.message, /The kernel died: it exited with code 3: process\.exit\(3\) was called in Cell X/);
  const exit = await kernel.exited;
  assert.equal(exit.code, 3);
  assert.equal((await kernel.execute('1', 'Cell Y').result).status, 'died');
});
