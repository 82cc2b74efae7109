// Driving VS Code's command palette, quick picks and input boxes as a person does: F1 opens the
// palette (Ctrl+P and friends were not reliable in VS Code for the Web), rows are clicked.

import type { Locator, Page } from 'playwright-core';

const WIDGET = '.quick-input-widget';

export function quickInput(page: Page): Locator {
  return page.locator(WIDGET);
}

/** The title of the quick pick or input box on screen ("Fine-tune (1/4): …"), once it is `expected`. */
export async function waitForQuickInputTitle(page: Page, expected: RegExp, timeoutMs = 30_000): Promise<string> {
  const title = page.locator(`${WIDGET} .quick-input-title`);
  await title.filter({ hasText: expected }).waitFor({ state: 'visible', timeout: timeoutMs });
  return title.innerText();
}

/** Opens the command palette with F1, types `name`, and clicks the command whose row is labelled `category: title`. */
export async function runCommandFromPalette(page: Page, name: string, rowLabel: RegExp): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator(`${WIDGET} input.input`);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(name);
  await pickQuickItem(page, rowLabel);
}

/** Rows are labelled "label, description" for screen readers; clicks the first row that matches. */
export async function pickQuickItem(page: Page, rowLabel: RegExp, timeoutMs = 30_000): Promise<void> {
  const row = page.locator(`${WIDGET} .quick-input-list .monaco-list-row`).filter({ has: page.locator('.quick-input-list-entry') });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const labels = await row.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    const index = labels.findIndex((l) => rowLabel.test(l));
    if (index >= 0) {
      await row.nth(index).click();
      return;
    }
    if (Date.now() > deadline) throw new Error(`no quick-pick row matched ${rowLabel}; rows on screen: ${labels.join(' | ') || '(none)'}`);
    await page.waitForTimeout(200);
  }
}

/** The labels of the rows on screen, for a test to check what is offered. */
export async function quickItemLabels(page: Page): Promise<string[]> {
  return page.locator(`${WIDGET} .quick-input-list .monaco-list-row`).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
}

/** Replaces the text of the input box on screen and presses Enter. */
export async function answerInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator(`${WIDGET} input.input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.keyboard.press('Enter');
}
