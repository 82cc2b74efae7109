// display() and its handles, rich display of tfjs objects, and live training output from a real
// (small) tfjs model trained in the kernel.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { MIME, type ImageGridPayload, type ModelGraphPayload, type TrainingPayload } from '../../../common/outputs';
import { itemText, plain, run, startKernel } from './kernelHarness';

let kernel: KernelClient;
before(async () => {
  kernel = await startKernel();
  const r = await run(kernel, "import * as tf from '@tensorflow/tfjs';");
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
});
after(async () => {
  await kernel.shutdown();
});

test('display() shows a value and its handle updates that output in place', async () => {
  const r = await run(kernel, "const shown = display('first');\nshown.update('second');\nconst md = display.markdown('# Title');\nmd.update('## Changed');");
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  const [made, updated, madeMd, updatedMd] = r.events;
  assert.equal(made?.type, 'display');
  assert.equal(updated?.type, 'update-display');
  assert.equal(made?.type === 'display' && updated?.type === 'update-display' && made.displayId === updated.displayId, true);
  assert.equal(r.displays.length, 2);
  assert.equal(itemText(r.displays[0], 'text/plain'), 'second');
  assert.equal(itemText(r.displays[1], 'text/markdown'), '## Changed');
  assert.equal(madeMd?.type === 'display' && updatedMd?.type === 'update-display' && madeMd.displayId === updatedMd.displayId, true);
});

test('display.html, svg, json and png', async () => {
  const r = await run(kernel, "display.html('<i>x</i>');\ndisplay.svg('<svg/>');\ndisplay.json({ a: [1] });\ndisplay.png(new Uint8Array([137, 80, 78, 71]));");
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  assert.equal(itemText(r.displays[0], 'text/html'), '<i>x</i>');
  assert.equal(itemText(r.displays[1], 'image/svg+xml'), '<svg/>');
  assert.equal(itemText(r.displays[2], 'application/json'), '{"a":[1]}');
  assert.deepEqual(r.displays[3], [{ mime: 'image/png', base64: Buffer.from([137, 80, 78, 71]).toString('base64') }]);
});

test('objects choose their display through Symbol.for("tlnb.display")', async () => {
  const r = await run(kernel, "class Badge { constructor(public label: string) {}\n  [Symbol.for('tlnb.display')]() { return { 'text/html': `<b>${this.label}</b>`, 'text/plain': this.label }; } }\nnew Badge('ok')");
  assert.equal(itemText(r.displays[0], 'text/html'), '<b>ok</b>');
});

test('a tensor shows dtype, shape, statistics and a table of values', async () => {
  const r = await run(kernel, 'tf.tensor2d([[1, 2, 3], [4, 5, 6]])');
  const text = plain(r)!;
  assert.match(text, /^Tensor float32 \[2, 3\] · min 1 · max 6 · mean 3\.5/);
  assert.match(itemText(r.displays[0], 'text/html')!, /<td>6<\/td>/);
  const big = await run(kernel, 'tf.range(0, 1000).reshape([100, 10])');
  const html = itemText(big.displays[0], 'text/html')!;
  assert.match(html, /<td>…<\/td>/);
  assert.equal((html.match(/<tr>/g) ?? []).length, 11); // 5 first rows, an ellipsis row, 5 last rows
});

test('a batch of images displays as an image grid; display.images takes labels', async () => {
  const r = await run(kernel, 'tf.ones([3, 8, 8, 1])');
  const grid = JSON.parse(itemText(r.displays[0], MIME.images)!) as ImageGridPayload;
  assert.equal(grid.images.length, 3);
  assert.deepEqual([grid.width, grid.height, grid.channels], [8, 8, 1]);
  assert.deepEqual([...Buffer.from(grid.images[0]!.pixels, 'base64')].slice(0, 3), [255, 255, 255]);
  const labelled = await run(kernel, "display.images(tf.zeros([2, 10, 10]), { labels: ['a', 'b'], title: 'zeros' })");
  const payload = JSON.parse(itemText(labelled.displays[0], MIME.images)!) as ImageGridPayload;
  assert.deepEqual(payload.images.map((i) => i.label), ['a', 'b']);
  assert.equal(payload.title, 'zeros');
});

test('a model displays as its layer graph with the summary as text', async () => {
  const r = await run(kernel, "const net = tf.sequential({ name: 'net', layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), tf.layers.dense({ units: 1 })] });\nnet");
  const text = plain(r)!;
  assert.match(text, /dense_Dense\d+ \(Dense\)\s+\[\[null,3\]\]\s+\[null,4\]\s+16/);
  assert.match(text, /Total params: 21/);
  const graph = JSON.parse(itemText(r.displays.at(-1), MIME.model)!) as ModelGraphPayload;
  assert.equal(graph.name, 'net');
  assert.deepEqual(graph.layers.filter((l) => l.className === 'Dense').map((l) => l.params), [16, 5]);
  assert.deepEqual(graph.totals, { trainable: 21, nonTrainable: 0 });
});

test('model.fit streams a live training output that ends with the complete run', async () => {
  const r = await run(
    kernel,
    `const xs = tf.randomNormal([256, 3], 0, 1, 'float32', 1);
const ys = xs.sum(1, true);
net.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError', metrics: ['mse'] });
const history = await net.fit(xs, ys, { epochs: 3, batchSize: 16, validationSplit: 0.25 });
history.history.loss.length`,
  );
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  const trainingEvents = r.events.filter((e) => (e.type === 'display' || e.type === 'update-display') && e.items.some((i) => i.mime === MIME.training));
  assert.ok(trainingEvents.length >= 2, 'a display then at least its final update');
  const payload = JSON.parse(itemText(r.displays[0], MIME.training)!) as TrainingPayload;
  const run0 = payload.runs[0]!;
  assert.equal(run0.status, 'done');
  assert.equal(run0.epochs, 3);
  assert.equal(run0.batchesPerEpoch, 12); // 192 training samples / 16
  assert.equal(run0.batches.length, 36);
  assert.deepEqual(run0.epochEnds.map((e) => e.epoch), [1, 2, 3]);
  assert.deepEqual(new Set(Object.keys(run0.epochEnds[2]!.values)), new Set(['loss', 'mse', 'val_loss', 'val_mse']));
  assert.ok(run0.epochEnds[2]!.values.loss! < run0.epochEnds[0]!.values.loss!, 'the loss went down');
  assert.equal(plain(r), '3');
});

test('user callbacks still run next to the live output; { tlnb: { live: false } } opts out', async () => {
  const r = await run(
    kernel,
    `const seen: number[] = [];
await net.fit(xs, ys, { epochs: 2, batchSize: 64, callbacks: { onEpochEnd: async (epoch) => { seen.push(epoch); } } });
await net.fit(xs, ys, { epochs: 2, batchSize: 64, callbacks: [tf.callbacks.earlyStopping({ monitor: 'loss', patience: 5 })], tlnb: { live: false } } as any);
seen`,
  );
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  assert.equal(plain(r), '[ 0, 1 ]');
  const trainingDisplays = r.events.filter((e) => e.type === 'display' && e.items.some((i) => i.mime === MIME.training));
  assert.equal(trainingDisplays.length, 1, 'only the first fit made a training output');
});

test('a History shown on its own displays its epochs as a training output', async () => {
  const r = await run(kernel, 'const quiet = await net.fit(xs, ys, { epochs: 2, tlnb: { live: false } } as any);\nquiet');
  const payload = JSON.parse(itemText(r.displays.at(-1), MIME.training)!) as TrainingPayload;
  assert.equal(payload.runs[0]!.epochEnds.length, 2);
});

test('fitDataset streams too', async () => {
  const r = await run(
    kernel,
    `const ds = tf.data.zip({ xs: tf.data.array(await xs.array()), ys: tf.data.array(await ys.array()) }).batch(64);
await net.fitDataset(ds, { epochs: 2 });`,
  );
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  const payload = JSON.parse(itemText(r.displays[0], MIME.training)!) as TrainingPayload;
  assert.equal(payload.runs[0]!.status, 'done');
  assert.equal(payload.runs[0]!.batches.length, 8);
});

test('the done message counts tensors a cell leaves behind', async () => {
  const r = await run(kernel, 'const kept = [tf.zeros([2]), tf.ones([3])];\ntf.tidy(() => { tf.ones([4]).add(1); });\nundefined');
  assert.equal(r.result.tensorDelta, 2);
  assert.equal((await run(kernel, 'kept.forEach((t) => t.dispose())')).result.tensorDelta, -2);
});

test('a cell ending in a display() call shows the display once, not its handle', async () => {
  const r = await run(kernel, "display('shown once')");
  assert.equal(r.displays.length, 1);
  assert.equal(plain(r), 'shown once');
});
