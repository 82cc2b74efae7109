// The HTML export opened in Chromium from a file, with nothing else loaded: a sample with a model
// graph, training curves and image grids shows the graph as SVG and the curves drawn on canvases,
// by the same views the notebook renderer uses (dist/standalone.js inlined in the page).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { parseNotebook } from '../../common/format';
import { notebookHtml } from '../../common/jupyter/htmlExport';
import { MIME, type ModelGraphPayload } from '../../common/outputs';
import { openHarness, RESULTS, ROOT, type Harness } from './harness';

let h: Harness;
let page: Page;
const errors: string[] = [];
const notebook = parseNotebook(readFileSync(join(ROOT, 'samples', '07-cnn-feature-extraction.tlnb'), 'utf8'));

before(async () => {
  h = await openHarness();
  const file = join(RESULTS, 'export-07-cnn-feature-extraction.html');
  writeFileSync(file, notebookHtml(notebook, '07-cnn-feature-extraction', readFileSync(join(ROOT, 'dist', 'standalone.js'), 'utf8')));
  page = await h.browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  // Any request other than the file itself would mean the page is not self-contained.
  page.on('request', (r) => r.url().startsWith('file:') || errors.push(`requested ${r.url()}`));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]');
});
after(async () => {
  await page?.close();
  await h?.close();
});

test('every cell is drawn: markdown as HTML, code with its execution count, every output', async () => {
  const cells = notebook.cells;
  assert.equal(await page.locator('main > .cell').count(), cells.length);
  assert.equal(await page.locator('.cell.markdown h1').first().textContent(), cells[0]!.source.split('\n')[0]!.replace(/^# /, ''));
  assert.equal(await page.locator('.cell.code .prompt').first().textContent(), `[${cells.find((c) => c.kind === 'code')!.execution?.order}]:`);
  assert.equal(await page.locator('.outputs > .output').count(), cells.reduce((n, c) => n + c.outputs.length, 0));
  assert.deepEqual(errors, []);
});

test('the model graph is drawn as SVG, one node per layer', async () => {
  const payload = JSON.parse(
    new TextDecoder().decode(notebook.cells.flatMap((c) => c.outputs).flatMap((o) => o.items).find((i) => i.mime === MIME.model)!.data),
  ) as ModelGraphPayload;
  const graph = page.locator(`.outputs > .output[data-mime="${MIME.model}"]`).first();
  assert.equal(await graph.locator('svg .node').count(), payload.layers.length);
  assert.ok((await graph.locator('svg .edge').count()) >= payload.layers.length - 1);
  await graph.screenshot({ path: join(RESULTS, 'export-model.png') });
});

test('training curves are drawn on their canvases in the theme-neutral light colours', async () => {
  const chart = page.locator(`.outputs > .output[data-mime="${MIME.training}"]`).first();
  await chart.scrollIntoViewIfNeeded();
  const canvases = chart.locator('.chart-cell canvas');
  assert.equal(await canvases.count(), 2, 'loss and acc');
  // Pixels of the first run's colour (--vscode-charts-blue, #1a85ff, set by the page): the curves.
  const curvePixels = await canvases.evaluateAll((list) =>
    list.map((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 200 && data[i + 2]! > 200 && data[i]! < 90 && data[i + 1]! > 100 && data[i + 1]! < 170) n++;
      return n;
    }),
  );
  for (const n of curvePixels) assert.ok(n > 200, `curve pixels per chart: ${curvePixels.join(', ')}`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
  await chart.screenshot({ path: join(RESULTS, 'export-training.png') });
  assert.deepEqual(errors, []);
});
