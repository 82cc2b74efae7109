// What a person sees in a real VS Code (for the Web, in headless Chromium): a sample notebook
// opened from the Explorer, and a broken notebook refused with a clear message. Screenshots go
// to test-results/. Later capabilities add their steps here, in the same workbench.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BAD_NOTEBOOKS } from '../fixtures/badNotebooks';
import { REPO, openFromExplorer, openNotebookFromExplorer, openWorkbench, screenshot, type Workbench } from './support/workbench';
import { serializeNotebook, type CellFile } from '../../common/format';
import { MIME, type ModelGraphPayload, type TrainingPayload } from '../../common/outputs';
import { codeCellTexts, countInWebviews, notificationTexts, waitForWebviewCount, waitForWebviewText } from './support/notebookView';

const broken = BAD_NOTEBOOKS.find((b) => b.name === 'unknown-cell-kind')!;
let workbench: Workbench;

before(async () => {
  const brokenFile = join(REPO, 'out', 'broken.tlnb');
  writeFileSync(brokenFile, broken.text);
  const savedOutputs = join(REPO, 'out', 'saved-outputs.tlnb');
  writeFileSync(savedOutputs, savedOutputsNotebook());
  workbench = await openWorkbench({
    name: 'e2e',
    files: [
      [join(REPO, 'samples', '00-welcome.tlnb'), '00-welcome.tlnb'],
      [brokenFile, 'broken.tlnb'],
      [savedOutputs, 'saved-outputs.tlnb'],
    ],
  });
});

/** A notebook as tlnb saves it after a model was displayed and trained: fixtures from real tfjs runs. */
function savedOutputsNotebook(): string {
  const fixture = <T>(name: string) => JSON.parse(readFileSync(join(REPO, 'test/fixtures/payloads', `${name}.json`), 'utf8')) as T;
  const model = fixture<ModelGraphPayload>('model-residual');
  const training = fixture<TrainingPayload>('training-runs');
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const cell = (source: string, mime: string, payload: unknown, text: string): CellFile => ({
    kind: 'code',
    language: 'typescript',
    source,
    metadata: {},
    extra: {},
    outputs: [{ metadata: {}, extra: {}, items: [{ mime, data: utf8(JSON.stringify(payload)), extra: {} }, { mime: 'text/plain', data: utf8(text), extra: {} }] }],
  });
  return serializeNotebook({
    metadata: {},
    extra: {},
    cells: [cell('display(model)', MIME.model, model, model.summary), cell('await model.fit(xs, ys, { epochs: 5 })', MIME.training, training, 'training')],
  });
}

after(async () => {
  await workbench?.close();
});

test('a sample opened from the Explorer shows as a notebook with its cells', async () => {
  const { page } = workbench;
  await openNotebookFromExplorer(page, '00-welcome.tlnb');
  await waitForWebviewText(page, /Welcome to tlnb/);
  const code = await codeCellTexts(page);
  assert.equal(code.length, 1, 'one code cell');
  assert.match(code[0]!, /tf\.tensor2d\(\[\[1, 2\], \[3, 4\]\]\)/);
  const tab = await page.locator('.tabs-container .tab.active').innerText();
  assert.equal(tab.replace(/\s+/g, ''), '00-welcome.tlnb');
  await screenshot(page, 'notebook-welcome');
});

test('a broken notebook is refused with where and what, and its file is untouched', async () => {
  const { page, workspace } = workbench;
  const path = join(workspace, 'broken.tlnb');
  const before = readFileSync(path);
  await openFromExplorer(page, 'broken.tlnb');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  const shown = await dialog.innerText();
  assert.match(shown, /Unable to open 'broken\.tlnb'/);
  assert.match(shown, /line 4, column 15: cells\[0\]\.kind is "python", an unknown cell kind; expected "markdown" or "code"/);
  assert.match(shown, /The file was not changed/);
  const toast = page.locator('.notifications-toasts', { hasText: 'Cannot open broken.tlnb' });
  await toast.waitFor({ timeout: 15_000 });
  assert.match(await notificationTexts(page), /Cannot open broken\.tlnb: line 4, column 15: cells\[0\]\.kind is "python"/);
  await screenshot(page, 'notebook-broken');

  // Dismiss VS Code's dialog, then take the notification's way to the mistake.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await toast.getByRole('button', { name: 'Open as Text' }).click();
  await page.locator('.statusbar-item', { hasText: 'Ln 4, Col 15' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(readFileSync(path), before, 'the file on disk is unchanged');
});

test('saved outputs render as a layer graph and training curves when the notebook is opened', async () => {
  const { page } = workbench;
  await openNotebookFromExplorer(page, 'saved-outputs.tlnb');
  const nodes = await waitForWebviewCount(page, '.node', 17, 60_000);
  assert.equal(nodes, 17, 'one node per layer of the residual model');
  assert.equal(await countInWebviews(page, '.node.kind-merge'), 3);
  await waitForWebviewCount(page, '.uplot canvas', 2);
  await waitForWebviewCount(page, 'text=adam 1e-3', 1);
  await screenshot(page, 'notebook-saved-outputs');
});
