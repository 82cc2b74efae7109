// The tlnb Variables view in a real VS Code (for the Web, in headless Chromium): after Run All,
// the Explorer's "tlnb Variables" pane lists the notebook's names with their types, a tensor with
// its shape and a model with its parameter count; clicking the model opens its layer graph.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { serializeNotebook } from '../../common/format';
import { REPO, openNotebookFromExplorer, openWorkbench, screenshot, type Workbench } from './support/workbench';

let workbench: Workbench;

before(async () => {
  const file = join(REPO, 'out', 'variables.tlnb');
  const cells = [
    'const answer = 42;\nlet words = ["a", "b", "c"];',
    "import * as tf from '@tensorflow/tfjs';\nconst weights = tf.zeros([3, 4]);\nconst model = tf.sequential({ name: 'tiny', layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });",
  ];
  writeFileSync(file, serializeNotebook({ metadata: {}, extra: {}, cells: cells.map((source) => ({ kind: 'code', language: 'typescript', source, metadata: {}, outputs: [], extra: {} })) }));
  workbench = await openWorkbench({ name: 'variables', files: [[file, 'variables.tlnb']] });
});

after(async () => {
  await workbench?.close();
});

test('after Run All the Variables view lists the notebook\'s names with types, shapes and parameter counts', async () => {
  const { page } = workbench;
  await openNotebookFromExplorer(page, 'variables.tlnb');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /tlnb Variables/i }) });
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  await page.locator('.notebook-toolbar-container .action-label[aria-label="Run All"]:visible').first().click();
  const rows = pane.locator('.monaco-list-row');
  const deadline = Date.now() + 120_000;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    if (texts.some((t) => t.startsWith('weights'))) break;
    await page.waitForTimeout(250);
  }
  await screenshot(page, 'variables-view');
  assert.ok(texts.some((t) => /^answer\s*number 42/.test(t)), texts.join(' | '));
  assert.ok(texts.some((t) => /^words\s*Array\(3\)/.test(t)), texts.join(' | '));
  assert.ok(texts.some((t) => /^weights\s*Tensor float32 \[3, 4\]/.test(t)), texts.join(' | '));
  assert.ok(texts.some((t) => /^model\s*Sequential · 10 parameters/.test(t)), texts.join(' | '));

  // A click on the model opens its layer graph, drawn by tlnb's own graph view.
  await rows.filter({ hasText: /^model/ }).first().click();
  const deadlineGraph = Date.now() + 30_000;
  let found = false;
  while (!found && Date.now() < deadlineGraph) {
    for (const frame of page.frames()) if ((await frame.locator('svg .node, .graph svg').count().catch(() => 0)) > 0) found = true;
    if (!found) await page.waitForTimeout(250);
  }
  await screenshot(page, 'variables-model-graph');
  assert.ok(found, 'the model\'s layer graph was drawn in a panel');
  // The panel has focus now; the view still lists the notebook's variables.
  assert.ok((await rows.allInnerTexts()).some((t) => t.startsWith('weights')), 'the view kept the notebook\'s list while the panel has focus');
});
