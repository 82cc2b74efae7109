// The fine-tune panel in Chromium: its real page and script, fed through the real PanelFeed with
// what a real `tlnb finetune` run said (dist/cli.js on real MNIST PNGs, recorded in this test).
// Messages that came before the page listened are not lost, the layer graph shows the frozen
// layers before any batch, the chart has the run's points, and a reload draws the same again.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FinetuneEvent } from '../../common/finetuneProgress';
import type { PanelMessage, PanelUpdate } from '../../common/finetunePanelMessages';
import { PanelFeed } from '../../extension/finetune/panelFeed';
import { SAMPLE_MODEL, recordFinetuneRun, writeDigits, type RecordedRun } from '../fixtures/finetuneRun';
import { ensureBuilt, tempDir } from '../unit/kernel/kernelHarness';
import { openPanelPage, type PanelPage } from './panelHost';

let panel: PanelPage;
let run: RecordedRun;
let failed: RecordedRun;

before(async () => {
  ensureBuilt();
  const dir = tempDir('tlnb-finetune-panel-browser-');
  const digits = writeDigits(dir);
  run = await recordFinetuneRun({ model: SAMPLE_MODEL, data: digits, extra: ['--epochs', '3', '--batch-size', '16', '--patience', '0'], cwd: dir });
  assert.equal(run.exit.code, 0, run.exit.stderr);
  failed = await recordFinetuneRun({ model: join(dir, 'no-such-model'), data: digits, cwd: dir });
  panel = await openPanelPage();
});
after(async () => {
  await panel?.close();
});

/** A feed whose posts reach the page in order (each post is an asynchronous delivery). */
function feedInto(p: PanelPage): { feed: PanelFeed; delivered(): Promise<void> } {
  let chain = Promise.resolve();
  const feed = new PanelFeed((update: PanelUpdate) => {
    chain = chain.then(() => p.deliver(update));
  });
  return { feed, delivered: async () => {
    await chain;
    await p.settle();
  } };
}

const isEvent = (m: PanelMessage, type: FinetuneEvent['type']) => m.type === 'event' && m.event.type === type;
const text = (selector: string) => panel.page.locator(selector).first().innerText();

/** Pixels of the chart's canvas in the first series colour (light theme's charts-blue, #1a85ff). */
function seriesPixels(family: string): Promise<number> {
  return panel.page.locator(`.chart-cell[data-family="${family}"] canvas`).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 200 && Math.abs(data[i]! - 0x1a) < 40 && Math.abs(data[i + 1]! - 0x85) < 40 && Math.abs(data[i + 2]! - 0xff) < 40) count++;
    }
    return count;
  });
}

test('a whole run: the graph with frozen layers before the first batch, live curves, the end with the report button', async () => {
  const { feed, delivered } = feedInto(panel);
  const messages = run.messages;
  const modelAt = messages.findIndex((m) => isEvent(m, 'model'));
  const firstBatchAt = messages.findIndex((m) => isEvent(m, 'batch'));
  assert.ok(modelAt < firstBatchAt);

  // Everything up to the prepared model arrives while the page is not yet heard from.
  for (const message of messages.slice(0, modelAt + 1)) feed.push(message);
  await panel.page.waitForFunction(() => (window as unknown as { __requests: Array<{ type: string }> }).__requests.some((r) => r.type === 'ready'));
  assert.deepEqual(await panel.requests(), [{ type: 'ready' }], 'the page says ready once it listens');
  feed.ready();
  await delivered();

  assert.equal(await text('.header .name'), 'Fine-tune: mnist-mlp');
  assert.match(await text('.header .facts'), /on digits · backend wasm/);
  assert.equal(await panel.page.locator('.finetune-panel').getAttribute('data-phase'), 'preparing');
  const nodes = panel.page.locator('.graph-host .node');
  assert.equal(await nodes.count(), 4, 'input, flatten, hidden, the new output layer');
  assert.deepEqual(await panel.page.locator('.graph-host .node.frozen').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), ['hidden']);
  assert.equal(await panel.page.locator('.graph-host .node.frozen .badge-frozen').count(), 1, 'badged frozen');
  assert.equal(await panel.page.locator('.graph-host .node[data-id="finetune_output"].frozen').count(), 0, 'the new head learns');
  assert.match(await text('.graph-host .header .facts'), /645 trainable, 100,480 non-trainable\) · 1 frozen/);
  assert.match(await text('.plan'), /training: head, 3 epochs[\s\S]*replaced by a new Dense layer "finetune_output" with 5 units/);
  assert.equal(await panel.page.locator('.chart-cell').count(), 0, 'no curves before the first batch');
  assert.equal(await panel.page.locator('button.cancel').isVisible(), true);
  await panel.screenshot('prepared');

  // Training: the first batches, then the Cancel button asks the extension to cancel.
  const epochOneEnd = messages.findIndex((m) => isEvent(m, 'epoch'));
  for (const message of messages.slice(modelAt + 1, epochOneEnd + 1)) feed.push(message);
  await delivered();
  assert.equal(await panel.page.locator('.finetune-panel').getAttribute('data-phase'), 'training');
  assert.match(await text('.run-status'), /^training · epoch 1\/3 · batch 5\/5 · ETA \d+:\d\d$/);
  assert.deepEqual(await panel.page.locator('.chart-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-family'))), ['loss', 'acc']);
  assert.equal(await panel.page.locator('.chart-cell[data-family="loss"] .readout').getAttribute('data-x'), '4', 'the chart reads out the last batch of epoch 1');
  assert.match(await text('.closing-note'), /Closing this panel does not stop the training/);
  await panel.page.locator('button.cancel').click();
  assert.deepEqual((await panel.requests()).at(-1), { type: 'cancel' });

  for (const message of messages.slice(epochOneEnd + 1)) feed.push(message);
  await delivered();
  const batchSteps = messages.flatMap((m) => (m.type === 'event' && m.event.type === 'batch' ? [(m.event.epoch - 1) * m.event.batchesPerEpoch + m.event.batch - 1] : []));
  assert.equal(await panel.page.locator('.finetune-panel').getAttribute('data-phase'), 'done');
  assert.equal(await panel.page.locator('.chart-cell[data-family="loss"] .readout').getAttribute('data-x'), String(batchSteps.at(-1)));
  assert.ok((await seriesPixels('loss')) > 50, 'the loss curve is drawn');
  assert.ok((await seriesPixels('acc')) > 50, 'the accuracy curve is drawn');
  const runLine = await text('.chart-host .status .run');
  assert.match(runLine, /^fine-tune · done · epoch 3\/3 · /);
  for (const metric of ['loss', 'acc', 'val_loss', 'val_acc']) assert.match(runLine, new RegExp(`· ${metric} [\\d.]+ ·`), `${metric} of the last epoch: ${runLine}`);
  const result = messages.flatMap((m) => (m.type === 'event' && m.event.type === 'result' ? [m.event] : []))[0]!;
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  assert.match(await text('.outcome'), new RegExp(`validation accuracy ${pct(result.beforeAccuracy)} → ${pct(result.afterAccuracy!)}`));
  assert.equal(await panel.page.locator('button.cancel').isVisible(), false, 'nothing to cancel any more');
  assert.equal(await panel.page.locator('.closing-note').isVisible(), false);
  await panel.page.locator('button.open-report').click();
  assert.deepEqual((await panel.requests()).at(-1), { type: 'openReport' });
  await panel.screenshot('done-light');

  // The page loads again (as after VS Code restores a webview): its ready gets the whole run.
  const before = await panel.page.locator('.finetune-panel').innerText();
  await panel.page.reload();
  await panel.page.waitForFunction(() => (window as unknown as { __requests: unknown[] }).__requests.length > 0);
  feed.ready();
  await delivered();
  assert.equal(await panel.page.locator('.finetune-panel').innerText(), before, 'the same panel, drawn from the replay');
  assert.deepEqual(await panel.page.locator('.graph-host .node.frozen').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), ['hidden']);
  assert.ok((await seriesPixels('loss')) > 50);

  await panel.setTheme('dark');
  assert.equal(await panel.page.locator('.chart-cell canvas').count(), 2, 'redrawn in the dark theme');
  await panel.screenshot('done-dark');
  await panel.setTheme('light');
  assert.deepEqual(await panel.violations(), [], 'nothing was refused by the page\'s Content-Security-Policy');
});

test('a refused input: failed, with the CLI\'s message, no graph and no curves', async () => {
  const { feed, delivered } = feedInto(panel);
  feed.ready();
  for (const message of failed.messages) feed.push(message);
  await delivered();
  assert.equal(await panel.page.locator('.finetune-panel').getAttribute('data-phase'), 'failed');
  assert.equal(await text('.run-status'), 'failed');
  assert.match(await text('.outcome.error'), /^Fine-tune failed: .*no-such-model/);
  assert.equal(await panel.page.locator('.graph-host .node').count(), 0);
  assert.equal(await text('.graph-host'), 'No layer graph: the run ended before the model was prepared.');
  assert.equal(await panel.page.locator('.chart-cell').count(), 0);
  assert.equal(await panel.page.locator('button.open-report').isVisible(), false);
  await panel.screenshot('failed');
  assert.deepEqual(await panel.violations(), []);
});
