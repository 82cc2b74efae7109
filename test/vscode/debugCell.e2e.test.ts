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

test('a breakpoint toggled on a line of a cell stops Debug Cell there: toolbar, "Cell 1" at line 2 in the Call Stack; Continue finishes the cell', {
  todo: 'not yet seen passing: on the shared machine (load 30) the breakpoint shows in the cell gutter and js-debug attaches ("Debugger attached." in the kernel log), but the cell never started and the Call Stack never showed within 120 s; the same flow through the API passes in test/vscode/host/suites/debugCell.ts',
}, async () => {
  const { page } = workbench;
  await openNotebookFromExplorer(page, 'debug-me.tlnb');
  await revealCodeCell(page, 0); // clicks into the cell's first line
  await page.keyboard.press('ArrowDown');
  await runCommandFromPalette(page, 'Toggle Breakpoint', /Debug: (Toggle|Inline) Breakpoint/i);
  await runCommandFromPalette(page, 'Debug Cell', /tlnb: Debug Cell/);

  await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 90_000 });
  const frame = page.locator('.debug-call-stack .monaco-list-row', { hasText: 'Cell 1' }).first();
  try {
    await frame.waitFor({ state: 'visible', timeout: 120_000 });
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
