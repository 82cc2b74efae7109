// Watching VS Code's notification toasts: a progress notification can change many times a second
// and finish within one, too fast to catch by polling, so a MutationObserver in the page keeps
// every distinct text the toasts showed.

import type { Page } from 'playwright-core';

declare global {
  interface Window {
    __tlnbToastTexts?: string[];
  }
}

/** Starts recording; returns a function that reads every toast text seen since, in order. */
export async function recordNotifications(page: Page): Promise<() => Promise<string[]>> {
  // A string, not a function: the test runner's transpiler would wrap a function's inner helpers
  // in a helper of its own that does not exist in the page.
  await page.evaluate(`(() => {
    const seen = [];
    window.__tlnbToastTexts = seen;
    const record = () => {
      for (const message of document.querySelectorAll('.notifications-toasts .notification-list-item-message')) {
        const text = message.innerText.trim();
        if (text && !seen.includes(text)) seen.push(text);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    record();
  })()`);
  return () => page.evaluate(() => [...(window.__tlnbToastTexts ?? [])]);
}

/** Waits until a toast whose text matches `pattern` has been seen; returns that text. */
export async function waitForNotification(read: () => Promise<string[]>, page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = (await read()).find((t) => pattern.test(t));
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no notification matched ${pattern} within ${timeoutMs / 1000} s; seen: ${(await read()).join(' | ')}`);
    await page.waitForTimeout(200);
  }
}
