import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MIME, type ConfusionPayload, type ImageGridPayload, type PlotPayload } from '../../common/outputs';
import { fixture, openHarness, type Harness } from './harness';

let h: Harness;
before(async () => {
  h = await openHarness();
});
after(async () => {
  await h?.close();
});

test('MNIST image grid: one cell per digit, right and wrong marked, the pixels as sent', async () => {
  const payload = await fixture<ImageGridPayload>('images-mnist');
  const out = await h.render('digits', MIME.images, payload);
  const wrong = payload.images.filter((i) => i.label !== i.prediction);
  assert.ok(wrong.length > 0, 'the fixture should contain mistakes');
  assert.equal(await out.locator('.cell').count(), payload.images.length);
  assert.equal(await out.locator('.cell.wrong').count(), wrong.length);
  assert.equal(await out.locator('.cell.correct').count(), payload.images.length - wrong.length);
  assert.deepEqual(await out.locator('.cell.wrong .mark').allTextContents(), wrong.map(() => '✗'));
  assert.deepEqual(await out.locator('.cell.wrong .pred').allTextContents(), wrong.map((i) => ` → ${i.prediction}`));
  assert.match((await out.locator('.header').textContent())!, new RegExp(`${payload.images.length - wrong.length} right · ${wrong.length} wrong`));
  const firstPixels = await out.locator('.cell canvas').first().evaluate((c: HTMLCanvasElement) =>
    Array.from(c.getContext('2d')!.getImageData(0, 0, 28, 28).data.filter((_, i) => i % 4 === 0)),
  );
  assert.deepEqual(firstPixels, [...Buffer.from(payload.images[0]!.pixels, 'base64')]);
  await h.screenshot('digits', 'images-mnist-light');
});

test('RGB images keep their colours', async () => {
  const payload = await fixture<ImageGridPayload>('images-rgb');
  const out = await h.render('rgb', MIME.images, payload);
  assert.equal(await out.locator('.cell').count(), 8);
  const pixel = await out.locator('.cell canvas').nth(3).evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(31, 2, 1, 1).data));
  const bytes = Buffer.from(payload.images[3]!.pixels, 'base64');
  const at = (2 * 32 + 31) * 3;
  assert.deepEqual(pixel, [bytes[at], bytes[at + 1], bytes[at + 2], 255]);
  await h.screenshot('rgb', 'images-rgb-light');
});

test('a payload whose pixel count does not match its size is reported', async () => {
  const out = await h.render('badimg', MIME.images, { version: 1, width: 4, height: 4, channels: 1, images: [{ pixels: 'AAAA' }] });
  assert.match((await out.locator('.error').textContent())!, /image 0 has 3 bytes; 4×4×1 needs 16/);
});

test('confusion matrix: counts add up, recall per row, precision per column', async () => {
  const payload = await fixture<ConfusionPayload>('confusion-mnist');
  const out = await h.render('confusion', MIME.confusion, payload);
  const counts = (await out.locator('td.count').allTextContents()).map(Number);
  assert.equal(counts.length, 100);
  assert.equal(counts.reduce((a, b) => a + b, 0), 1000);
  assert.deepEqual(counts, payload.matrix.flat());
  const recall = await out.locator('td.metric.recall').allTextContents();
  const row3 = payload.matrix[3]!;
  assert.equal(recall[3], `${((row3[3]! / row3.reduce((a, b) => a + b, 0)) * 100).toFixed(1)}%`);
  const precision = await out.locator('tr.precision td.metric:not(.recall)').allTextContents();
  const column8 = payload.matrix.map((r) => r[8]!);
  assert.equal(precision[8], `${((payload.matrix[8]![8]! / column8.reduce((a, b) => a + b, 0)) * 100).toFixed(1)}%`);
  const diagonal = payload.matrix.reduce((sum, row, i) => sum + row[i]!, 0);
  assert.match((await out.locator('.header').textContent())!, new RegExp(`accuracy ${((diagonal / 1000) * 100).toFixed(1)}%`));
  await h.screenshot('confusion', 'confusion-mnist-light');
});

test('plot: every series drawn on one chart with its name in the legend', async () => {
  const payload = await fixture<PlotPayload>('plot-activations');
  const out = await h.render('plot', MIME.plot, payload);
  assert.equal(await out.locator('canvas').count(), 1);
  const legend = await out.locator('.u-legend .u-series .u-label').allTextContents();
  assert.deepEqual(legend, ['x', ...payload.series.map((s) => s.name)]);
  await h.screenshot('plot', 'plot-activations-light');
});

test('images, confusion matrix and plot in dark and high-contrast themes', async () => {
  await h.setTheme('dark');
  for (const [id, name] of [['digits', 'images-mnist'], ['rgb', 'images-rgb'], ['confusion', 'confusion-mnist'], ['plot', 'plot-activations']]) {
    await h.screenshot(id!, `${name}-dark`);
  }
  await h.setTheme('hc');
  await h.screenshot('confusion', 'confusion-mnist-hc');
  await h.setTheme('light');
});
