// The renderer at sizes far beyond the samples: a 3,000- and a 30,000-layer chain, a 1000×1000
// confusion matrix, 50,000 images. Each draws without overflowing the stack, keeps the page to a
// bounded number of elements, says how much it left out ("N more") and still exports everything.
// Speed is measured by `npm run bench:renderer` (docs/benchmarks/renderer.md), not asserted here.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { MIME } from '../../common/outputs';
import { chainModel, confusionOf, imagesOf } from '../fixtures/largePayloads';
import { openHarness, type Harness } from './harness';
import type { Locator } from 'playwright-core';

let h: Harness;
before(async () => {
  h = await openHarness();
});
after(async () => {
  await h?.close();
});

/** Every element in the output's shadow root: what the page has to style, lay out and paint. */
const elementCount = (out: Locator) => out.evaluate((e) => e.shadowRoot!.querySelectorAll('*').length);
const errorText = (out: Locator) => out.evaluate((e) => e.shadowRoot?.querySelector('.error')?.textContent ?? '');

test('a 3,000-layer chain draws, a screenful at a time, and Fit says how many layers it left out', async () => {
  const out = await h.render('chain3000', MIME.model, JSON.stringify(chainModel(3000)));
  assert.equal(await errorText(out), '');
  assert.match((await out.locator('.header .facts').textContent())!, /3001 layers/);
  const first = await out.locator('.node').count();
  assert.ok(first > 0 && first < 100, `the first view draws the layers near it, not all: ${first}`);
  await out.getByRole('button', { name: 'Fit the whole graph' }).click();
  const fitted = await out.locator('.node').count();
  assert.equal(fitted, 1500, 'zoomed out over all layers, at most 1,500 are drawn');
  assert.match((await out.locator('.cap-note').textContent())!, /1,500 layers drawn, 1,501 more in view: zoom in to see them \(SVG export has all 3,001\)/);
  assert.ok((await elementCount(out)) < 25_000, 'the page holds a bounded number of elements');
  // The export draws every layer, whatever the view.
  const [svgDownload] = await Promise.all([h.page.waitForEvent('download'), out.getByRole('button', { name: 'Export as SVG' }).click()]);
  const svg = await readFile((await svgDownload.path())!, 'utf8');
  assert.equal(svg.match(/aria-label="dense_\d+ \(Dense\)"/g)?.length, 3000);
  // Zoomed back in, the note goes and the layers out of view are removed again.
  await out.getByRole('button', { name: 'Actual size' }).click();
  await out.getByRole('button', { name: 'Zoom in' }).click();
  assert.equal(await out.locator('.cap-note').count(), 0);
  assert.ok((await out.locator('.node').count()) <= 1500);
  await h.screenshot('chain3000', 'limits-chain-3000');
});

test('a 30,000-layer chain (10× that) draws without overflowing the stack', async () => {
  const out = await h.render('chain30000', MIME.model, JSON.stringify(chainModel(30_000)));
  assert.equal(await errorText(out), '');
  assert.match((await out.locator('.header .facts').textContent())!, /30001 layers/);
  const nodes = await out.locator('.node').count();
  assert.ok(nodes > 0 && nodes <= 1500, `drawn: ${nodes}`);
  // The first layers, in order, one under the other.
  const ys = await out.locator('.node').evaluateAll((els) => els.slice(0, 5).map((e) => Number(/translate\([^,]+,([^)]+)\)/.exec(e.getAttribute('transform')!)![1])));
  assert.deepEqual([...ys].sort((a, b) => a - b), ys);
  await h.page.evaluate(() => (window as unknown as { tlnb: { dispose(id: string): void } }).tlnb.dispose('chain30000'));
});

test('a 1000×1000 confusion matrix shows 40 classes and "960 more", computes over all, exports all as CSV', async () => {
  const payload = confusionOf(1000);
  const out = await h.render('confusion1000', MIME.confusion, JSON.stringify(payload));
  assert.equal(await errorText(out), '');
  assert.equal(await out.locator('td.count').count(), 40 * 40);
  assert.match((await out.locator('.more').textContent())!, /Showing 40 of 1,000 classes: 960 more rows and columns not drawn/);
  // 9 right of 10 per class, over all 1,000 classes.
  assert.match((await out.locator('.header .facts').textContent())!, /10,000 examples · accuracy 90\.0%/);
  // Row 39's mistake goes to class 40, which is not drawn: it is in the row's "more" cell.
  const moreCells = await out.locator('td.more-cell').allTextContents();
  assert.equal(moreCells.length, 40);
  assert.deepEqual(moreCells.map(Number), [...new Array(39).fill(0), 1]);
  assert.ok((await elementCount(out)) < 4000, 'the page holds a bounded number of elements');
  const [csv] = await Promise.all([h.page.waitForEvent('download'), out.getByRole('button', { name: 'Export the whole matrix as CSV' }).click()]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\n');
  assert.equal(lines.length, 1001);
  assert.equal(lines[0]!.split(',').length, 1001);
  assert.deepEqual(lines[1000]!.split(',').map((v, i) => (i === 0 ? v : Number(v))), ['class 999', 1, ...new Array(998).fill(0), 9]);
  await h.screenshot('confusion1000', 'limits-confusion-1000');
});

test('50,000 images: 500 drawn, "49,500 more" with a button for the next 500, counts over all', async () => {
  const payload = imagesOf(50_000);
  const out = await h.render('images50000', MIME.images, JSON.stringify(payload));
  assert.equal(await errorText(out), '');
  assert.equal(await out.locator('.cell').count(), 500);
  const wrong = payload.images.filter((i) => i.label !== i.prediction).length;
  assert.match((await out.locator('.header .facts').textContent())!, new RegExp(`50,000 images · 28×28 · ${50_000 - wrong} right · ${wrong} wrong`));
  assert.match((await out.locator('.more').textContent())!, /49,500 more images not shown/);
  assert.ok((await elementCount(out)) < 3000, 'the page holds a bounded number of elements');
  await out.getByRole('button', { name: 'Draw the next 500 images' }).click();
  assert.equal(await out.locator('.cell').count(), 1000);
  assert.match((await out.locator('.more').textContent())!, /49,000 more images not shown/);
  // The 1,000th image is the payload's own.
  const pixel = await out.locator('.cell canvas').nth(999).evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, 1, 1).data[0]);
  assert.equal(pixel, 999 % 256);
  await h.screenshot('images50000', 'limits-images-50000');
});
