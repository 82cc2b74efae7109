// A new user's first fine-tune, in the workspace `npm start` opens (the samples and their models,
// no data of their own): "Fine-tune Model…" with Enter at every step ends in a trained model and
// its report, on the sample data set the data step offers first. Then the trap the issue found:
// the folder dialog's Enter accepts the workspace folder, which is refused at once with the reason
// as the step's first row — and Enter on that row picks nothing, it says so.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO, openWorkbench, screenshot, type Workbench } from './support/workbench';
import { recordNotifications, waitForNotification } from './support/notifications';
import { quickInput, quickItemLabels, runCommandFromPalette, waitForQuickInputTitle } from './support/quickInput';
import { parseNotebook } from '../../common/format';

let workbench: Workbench;

before(async () => {
  // What scripts/start.mjs copies into ./workspace: every sample notebook and samples/models/.
  const samples = readdirSync(join(REPO, 'samples'));
  workbench = await openWorkbench({ name: 'finetune-first-run', files: samples.map((name): [string, string] => [join(REPO, 'samples', name), name]) });
});

after(async () => {
  await workbench?.close();
});

/** Waits for the step, for its rows, and returns them; the first is the one Enter takes. */
async function step(page: Page, title: RegExp): Promise<string[]> {
  await waitForQuickInputTitle(page, title, 120_000);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await quickItemLabels(page);
    if (rows.length > 0) return rows;
    if (Date.now() > deadline) throw new Error(`the step ${title} showed no rows`);
    await page.waitForTimeout(200);
  }
}

test('Fine-tune Model… with Enter at every step in the samples workspace: sample digits written, a trained model and its report', async () => {
  const { page, workspace } = workbench;
  const toasts = await recordNotifications(page);
  await runCommandFromPalette(page, 'Fine-tune Model', /^tlnb: Fine-tune Model…/);

  const models = await step(page, /^Fine-tune \(1\/4\): the model to start from/);
  assert.match(models[0]!, /^ch06-mnist-mlp, pretrained sample model · your workspace's copy, models\/ch06-mnist-mlp\/model\.json/, models.join(' | '));
  await page.keyboard.press('Enter');

  const data = await step(page, /^Fine-tune \(2\/4\): your data/);
  assert.match(data[0]!, /^Sample data: handwritten digits in a thick pen, written into sample-thick-pen-digits\/ in your workspace/, data.join(' | '));
  await screenshot(page, 'finetune-first-run-2-data');
  await page.keyboard.press('Enter');

  const strategies = await step(page, /^Fine-tune \(3\/4\): what learns/);
  assert.match(strategies.join('\n'), /^New head only/m);
  await page.keyboard.press('Enter');
  const settings = await step(page, /^Fine-tune \(4\/4\): settings/);
  assert.match(settings[0]!, /^Start fine-tuning/);
  await page.keyboard.press('Enter');

  const done = await waitForNotification(toasts, page, /^Fine-tuned \(/, 300_000);
  assert.match(done, /validation accuracy \d+\.\d% → \d+\.\d%\. The model and its report are in sample-thick-pen-digits-finetuned-1\./);
  const sample = join(workspace, 'sample-thick-pen-digits');
  assert.deepEqual(readdirSync(sample).sort(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(readdirSync(sample).flatMap((digit) => readdirSync(join(sample, digit))).length, 500);
  const out = join(workspace, 'sample-thick-pen-digits-finetuned-1');
  assert.deepEqual(readdirSync(out).sort(), ['finetune-report.tlnb', 'model.json', 'weights.bin']);
  assert.match(readFileSync(join(out, 'finetune-report.tlnb'), 'utf8'), /--data [^\n"]*sample-thick-pen-digits/);
  // The report opens in an editor: its file holds the run's outputs (drawn by the renderer, which
  // notebook.e2e.test.ts checks; on a loaded machine its webview can take minutes to show).
  await page.locator('.tabs-container .tab.active', { hasText: 'finetune-report.tlnb' }).waitFor({ timeout: 60_000 });
  await page.locator('.notebook-editor').first().waitFor({ state: 'visible', timeout: 60_000 });
  const report = parseNotebook(readFileSync(join(out, 'finetune-report.tlnb'), 'utf8'));
  assert.match(report.cells[0]!.source, /^# Fine-tune report/);
  assert.ok(report.cells.filter((cell) => cell.outputs.length > 0).length >= 5, 'the report holds the outputs of its run');
  await screenshot(page, 'finetune-first-run-report');
});

test('the folder dialog\'s Enter on the workspace folder is refused at once; Enter on the reason\'s row picks nothing and says so', async () => {
  const { page, workspace } = workbench;
  await runCommandFromPalette(page, 'Fine-tune Model', /^tlnb: Fine-tune Model…/);
  await step(page, /^Fine-tune \(1\/4\)/);
  await page.keyboard.press('Enter');
  const data = await step(page, /^Fine-tune \(2\/4\): your data/);
  // The sample written by the first run is now the workspace's data; it is not offered again.
  assert.match(data[0]!, /^sample-thick-pen-digits, sample-thick-pen-digits, folder of images: 10 classes/, data.join(' | '));
  assert.ok(!data.some((row) => row.startsWith('Sample data')), data.join(' | '));
  const browse = data.findIndex((row) => row.startsWith('Browse for a folder of images'));
  for (let i = 0; i < browse; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitForQuickInputTitle(page, /^Fine-tune \(2\/4\): the folder with one sub-folder per class/);
  // The dialog opens on the folder of the active editor (here the report's, one below the workspace
  // folder), and VS Code may fill its path in twice; once it has settled, the workspace folder is
  // typed in as a user would, then Enter takes it.
  const path = quickInput(page).locator('input.input');
  const settled = async (): Promise<string> => {
    const deadline = Date.now() + 60_000;
    let last = await path.inputValue();
    for (;;) {
      await page.waitForTimeout(700);
      const now = await path.inputValue();
      if ((now !== '' && now === last) || Date.now() > deadline) return now.replace(/\/$/, '');
      last = now;
    }
  };
  if ((await settled()) !== workspace) {
    await path.fill(`${workspace}/`);
    await settled();
  }
  await screenshot(page, 'finetune-first-run-folder-dialog');
  assert.equal((await path.inputValue()).replace(/\/$/, ''), workspace, 'the folder dialog shows the workspace folder');
  await page.keyboard.press('Enter');

  const again = await step(page, /^Fine-tune \(2\/4\): your data — try again/);
  assert.match(again[0]!, /the workspace folder itself is not a folder of class folders/, again.join(' | '));
  const input = quickInput(page).locator('input.input');
  assert.match((await input.getAttribute('placeholder')) ?? '', /the workspace folder itself is not a folder of class folders/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (note) => document.querySelector('.quick-input-widget input.input')?.getAttribute('placeholder') === note,
    'That row says why this step is asked again; it is not a choice. Pick one of the other rows, or press Escape to close.',
    { timeout: 10_000 },
  );
  assert.match(await quickInput(page).locator('.quick-input-title').innerText(), /^Fine-tune \(2\/4\): your data — try again/, 'still the same step');
  await screenshot(page, 'finetune-first-run-error-row');
  await page.keyboard.press('Escape');
  assert.deepEqual(readdirSync(workspace).filter((name) => name.includes('finetuned')), ['sample-thick-pen-digits-finetuned-1'], 'no second run started');
});
