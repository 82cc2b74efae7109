// Reading what a person sees in a notebook editor of VS Code for the Web.

import type { Frame, Page } from 'playwright-core';

/** The text of each code cell's editor, top to bottom, as shown on screen. */
export async function codeCellTexts(page: Page): Promise<string[]> {
  const editors = page.locator('.notebook-editor .code-cell-row .monaco-editor .view-lines');
  return (await editors.allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' '));
}

/**
 * Markdown previews and outputs are drawn inside the notebook's webview (nested iframes);
 * returns the text of every frame of the page, so tests can look for what is rendered there.
 */
export async function webviewTexts(page: Page): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of page.frames()) texts.push(await frameText(frame));
  return texts.filter((t) => t.trim() !== '');
}

async function frameText(frame: Frame): Promise<string> {
  try {
    return await frame.evaluate(() => document.body?.innerText ?? '');
  } catch {
    return ''; // a frame that navigated away meanwhile
  }
}

export async function waitForWebviewText(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = (await webviewTexts(page)).find((t) => pattern.test(t));
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no notebook webview showed ${pattern} within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(250);
  }
}

export async function notificationTexts(page: Page): Promise<string> {
  return (await page.locator('.notifications-toasts').allInnerTexts()).join('\n');
}

/** How many elements match a selector across all of the page's frames (shadow roots pierced). */
export async function countInWebviews(page: Page, selector: string): Promise<number> {
  let total = 0;
  for (const frame of page.frames()) {
    try {
      total += await frame.locator(selector).count();
    } catch {
      // a frame that navigated away meanwhile
    }
  }
  return total;
}

export async function waitForWebviewCount(page: Page, selector: string, atLeast: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await countInWebviews(page, selector);
    if (count >= atLeast) return count;
    if (Date.now() > deadline) throw new Error(`found ${count} of ${atLeast} "${selector}" in the notebook's webviews after ${timeoutMs / 1000} s`);
    await page.waitForTimeout(250);
  }
}

/**
 * Scrolls a cell (by its index in the notebook) into view and clicks into its editor, as a person
 * would. VS Code renders only the cells, and the outputs, near the viewport, so an output is read
 * after its cell is revealed.
 */
export async function revealCodeCell(page: Page, index: number): Promise<void> {
  const list = page.locator('.notebook-editor:visible .cell-list-container').first();
  const row = list.locator(`.monaco-list-row[data-index="${index}"]`);
  for (let attempt = 0; attempt < 120; attempt++) {
    const box = await list.boundingBox();
    if (!box) break;
    const editor = row.locator('.monaco-editor .view-lines').first();
    const at = (await row.count()) > 0 ? await editor.boundingBox() : null;
    if (at && at.y >= box.y && at.y + Math.min(at.height, 40) <= box.y + box.height) {
      await editor.click({ position: { x: 5, y: 5 } });
      await page.waitForTimeout(300);
      return;
    }
    // Above the viewport, or not rendered and before the rendered rows: scroll up; else down.
    const shown = await list.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))));
    const up = at ? at.y < box.y : index < Math.min(...shown);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, up ? -400 : 400);
    await page.waitForTimeout(100);
  }
  await page.screenshot({ path: 'test-results/debug-reveal.png' });
  throw new Error(`could not scroll cell ${index} into view`);
}

/** Reveals a cell, then scrolls its top to the top of the notebook so the outputs below it are in view (for a screenshot). */
export async function revealCellOutputs(page: Page, index: number): Promise<void> {
  await revealCodeCell(page, index);
  const list = page.locator('.notebook-editor:visible .cell-list-container').first();
  const row = list.locator(`.monaco-list-row[data-index="${index}"]`);
  let last = Number.NaN;
  // Step by step: the cells below grow as their outputs render, and the end of the notebook stops the scroll.
  for (let attempt = 0; attempt < 20; attempt++) {
    const box = await list.boundingBox();
    const at = await row.boundingBox();
    if (!box || !at || Math.abs(at.y - box.y - 8) < 30 || at.y === last) break;
    last = at.y;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, Math.max(-400, Math.min(400, at.y - box.y - 8)));
    await page.waitForTimeout(200);
  }
}

/**
 * The execution-order slots ("[2]") of the visible notebook's rendered cells that show the spinning
 * "executing" icon, by cell index; empty once nothing runs.
 */
export async function spinningExecutionSlots(page: Page): Promise<number[]> {
  return page
    .locator('.notebook-editor:visible .cell-list-container .monaco-list-row')
    .evaluateAll((rows) => rows.filter((row) => row.querySelector('.cell-execution-order .codicon-modifier-spin')).map((row) => Number(row.getAttribute('data-index'))));
}
