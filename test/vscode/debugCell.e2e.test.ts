// Debug Cell as a person does it in VS Code for the Web: put the cursor on a line of a cell,
// Debug: Toggle Breakpoint, then tlnb: Debug Cell from the palette; the debug toolbar appears and
// the Call Stack names the cell and line; Continue in the toolbar lets the cell finish with its
// output, and the debug toolbar goes away. (test/vscode/host/suites/debugCell.ts covers stepping,
// watch and breakpoints in earlier cells through VS Code's debug API.)

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { serializeNotebook } from '../../common/format';
import { revealCodeCell, waitForWebviewText } from './support/notebookView';
import { recordNotifications } from './support/notifications';
import { runCommandFromPalette } from './support/quickInput';
import { openNotebookFromExplorer, openWorkbench, screenshot, type Workbench } from './support/workbench';

const CELL = `function double(x: number): number {
  const twice: number = x * 2;
  return twice;
}
const result = double(10) + 1;
console.log('result is', result);`;

let workbench: Workbench;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlnb-debug-e2e-'));
  const notebook = join(dir, 'debug-me.tlnb');
  writeFileSync(notebook, serializeNotebook({ metadata: {}, extra: {}, cells: [{ kind: 'code', language: 'typescript', source: CELL, metadata: {}, outputs: [], extra: {} }] }));
  workbench = await openWorkbench({ name: 'debug-cell', files: [[notebook, 'debug-me.tlnb']] });
});

after(async () => {
  await workbench?.close();
});

// A fresh notebook whose first action is Debug Cell: no cell has run, so tlnb must become the
// notebook's kernel first (VS Code refused the run with "notebook controller is NOT associated").
test('a breakpoint toggled on a line of a cell stops Debug Cell there: toolbar, "Cell 1" at line 2 in the Call Stack; Continue finishes the cell', async () => {
  const { page } = workbench;
  const toasts = await recordNotifications(page);
  await openNotebookFromExplorer(page, 'debug-me.tlnb');
  await revealCodeCell(page, 0); // clicks into the cell's first line
  await page.keyboard.press('ArrowDown');
  await runCommandFromPalette(page, 'Toggle Breakpoint', /Debug: (Toggle|Inline) Breakpoint/i);
  await runCommandFromPalette(page, 'Debug Cell', /tlnb: Debug Cell/);

  await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 90_000 });
  // A frame row (the session row above it holds "Debug Cell 1" too): the function, its cell and line.
  const frame = page.locator('.debug-call-stack .monaco-list-row', { hasText: 'Cell 1' }).filter({ hasText: 'double' }).first();
  try {
    await frame.waitFor({ state: 'visible', timeout: 120_000 });
  } catch (error) {
    throw new Error(`${String(error)}\nnotifications: ${(await toasts()).join(' | ')}`, { cause: error });
  } finally {
    await screenshot(page, 'debug-cell-stopped');
  }
  const frameText = await frame.innerText();
  assert.match(frameText, /double/, `the top frame is the function: ${frameText}`);
  assert.match(frameText, /Cell 1/);
  assert.match(frameText, /\b2:\d+/, `stopped on line 2 of the cell: ${frameText}`);

  await page.locator('.debug-toolbar .codicon-debug-continue').click();
  await waitForWebviewText(page, /result is 21/, 60_000);
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
  await screenshot(page, 'debug-cell-finished');
});
