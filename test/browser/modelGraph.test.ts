import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { MIME, type ModelGraphPayload } from '../../common/outputs';
import { fixture, openHarness, type Harness } from './harness';

let h: Harness;
before(async () => {
  h = await openHarness();
});
after(async () => {
  await h?.close();
});

/** Distinct (source, target) pairs: what the graph should draw as edges. */
function expectedEdges(payload: ModelGraphPayload): number {
  return new Set(payload.layers.flatMap((l) => l.inbound.map((s) => `${s}->${l.id}`))).size;
}

const texts = (id: string, selector: string) => h.page.locator(`#${id} ${selector}`).allTextContents();

test('a Sequential MLP: one node per layer, a chain of edges, names, classes, shapes, params, totals', async () => {
  const payload = await fixture<ModelGraphPayload>('model-mlp');
  const out = await h.render('mlp', MIME.model, payload);
  assert.equal(await out.locator('.node').count(), 5);
  assert.equal(await out.locator('.edge').count(), 4);
  const titles = await texts('mlp', '.node .title');
  assert.deepEqual(titles.slice(1), ['hidden1Dense', 'dropoutDropout', 'hidden2Dense', 'logitsDense']);
  assert.deepEqual(await texts('mlp', '.node[data-id="hidden1"] .detail'), ['128 · relu · 100.5k params']);
  assert.equal(await out.locator('.node.output').getAttribute('data-id'), 'logits');
  assert.equal(await out.locator('[data-total="trainable"]').textContent(), '109,386');
  assert.equal(await out.locator('[data-total="non-trainable"]').textContent(), '0');
  assert.equal(await out.locator('.node.frozen').count(), 0);
  await h.screenshot('mlp', 'model-mlp-light');
});

test('a residual model with two inputs and two outputs: add and concatenate merges receive both branches', async () => {
  const payload = await fixture<ModelGraphPayload>('model-residual');
  const out = await h.render('residual', MIME.model, payload);
  assert.equal(await out.locator('.node').count(), payload.layers.length);
  assert.equal(await out.locator('.edge').count(), expectedEdges(payload));
  assert.equal(await out.locator('.node.kind-merge').count(), 3);
  assert.equal(await out.locator('.node.kind-input').count(), 2);
  assert.deepEqual((await texts('residual', '.node.output .title')).sort(), ['class_outDense', 'score_outDense']);
  for (const [merge, sources] of [
    ['block1_add', ['block1_conv2', 'stem']],
    ['block2_add', ['block1_relu', 'block2_conv2']],
    ['concat', ['gap', 'meta_dense']],
  ] as const) {
    const from = await out.locator(`.edge[data-to="${merge}"]`).evaluateAll((edges) => edges.map((e) => e.getAttribute('data-from')));
    assert.deepEqual(from.sort(), [...sources]);
  }
  assert.equal(await out.locator('.node[data-id="block1_add"] .merge-symbol').textContent(), '+');
  // Every edge is a drawn path that ends at its target node's top edge.
  const gaps = await out.locator('.edge').evaluateAll((edges) =>
    edges.map((edge) => {
      const path = edge.querySelector('path') as SVGPathElement;
      const end = path.getPointAtLength(path.getTotalLength());
      const node = (edge.getRootNode() as ShadowRoot).querySelector(`.node[data-id="${edge.getAttribute('data-to')}"]`) as SVGGElement;
      const box = (node.querySelector('.card') as SVGRectElement).getBBox();
      const m = node.transform.baseVal.consolidate()!.matrix;
      return Math.abs(end.y - (m.f + box.y));
    }),
  );
  assert.ok(gaps.every((gap) => gap < 2), `edge ends off their targets: ${gaps}`);
  await h.screenshot('residual', 'model-residual-light');
  await out.getByRole('button', { name: 'Fit the whole graph' }).click();
  await h.screenshot('residual', 'model-residual-fit-light');
});

test('a shared layer is one node marked shared ×2, and its two outputs into a merge are one edge labelled ×2', async () => {
  const out = await h.render('siamese', MIME.model, await fixture('model-siamese'));
  assert.equal(await out.locator('.node[data-id="shared_encoder"]').count(), 1);
  assert.equal(await out.locator('.node[data-id="shared_encoder"] .badge-shared').textContent(), 'shared ×2');
  assert.equal(await out.locator('.edge[data-to="shared_encoder"]').count(), 2);
  assert.equal(await out.locator('.edge[data-from="shared_encoder"][data-to="similarity"] .edge-count').textContent(), '×2');
  await h.screenshot('siamese', 'model-siamese-light');
});

test('a frozen nested base model is drawn collapsed and frozen, expands on click and collapses again', async () => {
  const payload = await fixture<ModelGraphPayload>('model-nested');
  const out = await h.render('nested', MIME.model, payload);
  const base = out.locator('.node[data-id="pretrained_base"]');
  assert.equal(await out.locator('.node').count(), 4);
  assert.match((await base.getAttribute('class'))!, /\bfrozen\b/);
  assert.equal(await base.locator('.badge-frozen').textContent(), 'frozen');
  assert.equal(await base.locator('.hatch-fill').count(), 1);
  assert.match((await out.locator('.header').textContent())!, /2,437 trainable, 5,088 non-trainable\) · 1 frozen/);
  await h.screenshot('nested', 'model-nested-collapsed-light');

  await base.click();
  assert.equal(await out.locator('.cluster').count(), 1);
  assert.equal(await out.locator('.node').count(), 3 + 5);
  assert.deepEqual(
    await out.locator('.node.frozen').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id'))),
    ['pretrained_base/base_conv1', 'pretrained_base/base_conv2'],
  );
  assert.equal(await out.locator('.edge[data-from="image"]').getAttribute('data-to'), 'pretrained_base/base_input');
  assert.equal(await out.locator('.edge[data-to="new_head"]').getAttribute('data-from'), 'pretrained_base/base_gap');
  assert.equal(await out.locator('.details h3').textContent(), 'pretrained_base');
  await out.locator('.details .close').click();
  await h.screenshot('nested', 'model-nested-expanded-light');

  await out.locator('.cluster-label').click();
  assert.equal(await out.locator('.cluster').count(), 0);
  assert.equal(await out.locator('.node').count(), 4);
});

test('clicking a layer opens its details: shapes, weights, params and config as text', async () => {
  const out = await h.render('cnn', MIME.model, await fixture('model-cnn'));
  await out.locator('.node[data-id="bn1"]').click();
  const details = out.locator('.details');
  assert.equal(await details.locator('h3').textContent(), 'bn1');
  assert.match((await details.textContent())!, /Output shape\(None, 26, 26, 32\)/);
  assert.match((await details.textContent())!, /Trainable64Non-trainable64/);
  assert.deepEqual(await details.locator('table').nth(1).locator('tr td:nth-child(2)').allTextContents(), ['[32]', '[32]', '[32]', '[32]']);
  assert.equal(JSON.parse((await details.locator('pre').textContent())!).momentum, 0.99);
  assert.match((await out.locator('.node.selected').getAttribute('data-id'))!, /^bn1$/);
  assert.equal(await out.locator('.edge.lit').count(), 2);
  await h.screenshot('cnn', 'model-cnn-details-light');
});

test('the ResNet-50-sized graph: what is in view is drawn first; fitted, all 177 nodes, 16 add merges, every connection', async () => {
  const payload = await fixture<ModelGraphPayload>('model-resnet50');
  const out = await h.render('resnet', MIME.model, payload);
  const first = await out.locator('.node').count();
  assert.ok(first > 10 && first < 60, `nodes drawn for the first view: ${first}`);
  await h.screenshot('resnet', 'model-resnet50-top-light');
  // Panning down draws the nodes that come into view.
  const svg = out.locator('svg.graph');
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  await h.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 5; i++) await h.page.mouse.wheel(0, 600);
  assert.ok((await out.locator('.node').count()) > first);
  await out.getByRole('button', { name: 'Fit the whole graph' }).click();
  assert.equal(await out.locator('.node').count(), 177);
  assert.equal(await out.locator('.node.kind-merge').count(), 16);
  assert.equal(await out.locator('.edge').count(), expectedEdges(payload));
  assert.match((await out.locator('.header').textContent())!, /177 layers · 25\.6M params \(25,583,592 trainable, 53,120 non-trainable\)/);
  // Zoomed out from actual size, the repeating bottleneck blocks with their shortcuts show.
  await out.getByRole('button', { name: 'Actual size' }).click();
  await out.getByRole('button', { name: 'Zoom out' }).click();
  await out.getByRole('button', { name: 'Zoom out' }).click();
  await out.getByRole('button', { name: 'Zoom out' }).click();
  const scale = await out.locator('.viewport').getAttribute('transform');
  assert.match(scale!, /scale\(0\.512/);
  await h.screenshot('resnet', 'model-resnet50-zoomed-out-light');
});

test('drag pans and Ctrl+wheel zooms the graph', async () => {
  const out = await h.render('pan', MIME.model, await fixture('model-resnet50'));
  const svg = out.locator('svg.graph');
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  const before = await out.locator('.viewport').getAttribute('transform');
  await h.page.mouse.move(box.x + 50, box.y + 300);
  await h.page.mouse.down();
  await h.page.mouse.move(box.x + 50, box.y + 100, { steps: 5 });
  await h.page.mouse.up();
  const afterDrag = await out.locator('.viewport').getAttribute('transform');
  const y = (t: string | null) => Number(/translate\([^,]+,([^)]+)\)/.exec(t!)![1]);
  assert.ok(y(afterDrag) < y(before) - 150, `${before} -> ${afterDrag}`);
  await h.page.keyboard.down('Control');
  await h.page.mouse.wheel(0, -200);
  await h.page.keyboard.up('Control');
  const k = (t: string | null) => Number(/scale\(([^)]+)\)/.exec(t!)![1]);
  assert.ok(k(await out.locator('.viewport').getAttribute('transform')) > k(afterDrag));
  await h.page.evaluate(() => (window as unknown as { tlnb: { dispose(id: string): void } }).tlnb.dispose('pan'));
});

test('SVG and PNG exports are standalone files with the theme colours resolved', async () => {
  const out = await h.render('export', MIME.model, await fixture('model-residual'));
  const [svgDownload] = await Promise.all([h.page.waitForEvent('download'), out.getByRole('button', { name: 'Export as SVG' }).click()]);
  assert.equal(svgDownload.suggestedFilename(), 'residual_two_heads.svg');
  const svg = await readFile((await svgDownload.path())!, 'utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(!svg.includes('var(--'), 'the export must not depend on theme variables');
  assert.match(svg, />block1_add</);
  assert.match(svg, /fill="rgb\(/);
  const [pngDownload] = await Promise.all([h.page.waitForEvent('download'), out.getByRole('button', { name: 'Export as PNG' }).click()]);
  const png = await readFile((await pngDownload.path())!);
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.ok(png.length > 10_000);
});

test('names from the payload are shown as text, never parsed as HTML', async () => {
  const payload = await fixture<ModelGraphPayload>('model-mlp');
  const evil = '<img src=x onerror="window.__pwned=1">';
  payload.name = evil;
  payload.layers[1]!.name = evil;
  payload.layers[1]!.config = { note: '<script>window.__pwned=2</script>' };
  const out = await h.render('evil', MIME.model, payload);
  await out.locator('.node[data-id="hidden1"]').click();
  assert.equal(await out.locator('img, script').count(), 0);
  assert.match((await out.locator('.header .name').textContent())!, /<img src=x/);
  assert.equal(await h.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
});

test('a payload of an unknown version says so instead of drawing', async () => {
  const out = await h.render('future', MIME.model, { version: 2, layers: [] });
  assert.match((await out.locator('.error').textContent())!, /version 2, but this renderer draws version 1/);
});

test('dark and high-contrast themes recolour the graph', async () => {
  const out = await h.render('themed', MIME.model, await fixture('model-nested'));
  const fill = () => out.locator('.node[data-id="new_head"] .title').evaluate((e) => getComputedStyle(e).fill);
  const light = await fill();
  await h.setTheme('dark');
  const dark = await fill();
  await h.setTheme('hc');
  const hc = await fill();
  assert.equal(light, 'rgb(59, 59, 59)');
  assert.equal(dark, 'rgb(204, 204, 204)');
  assert.equal(hc, 'rgb(255, 255, 255)');
  await h.screenshot('themed', 'model-nested-collapsed-hc');
  await h.setTheme('dark');
  await h.screenshot('themed', 'model-nested-collapsed-dark');
  for (const [id, name] of [
    ['mlp', 'model-mlp'],
    ['residual', 'model-residual-fit'],
    ['siamese', 'model-siamese'],
    ['cnn', 'model-cnn-details'],
    ['resnet', 'model-resnet50-zoomed-out'],
  ]) {
    await h.screenshot(id!, `${name}-dark`);
  }
  await h.page.locator('#nested .node[data-id="pretrained_base"]').click();
  await h.page.locator('#nested .details .close').click();
  await h.screenshot('nested', 'model-nested-expanded-dark');
  await h.setTheme('light');
});
