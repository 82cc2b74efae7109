// Reading the fine-tune command's webview panel ("Fine-tune: <model>") in VS Code for the Web:
// its page is an iframe inside the webview's iframe, found by what it draws.

import type { Frame, Locator, Page } from 'playwright-core';

/** The editor tab of the panel. */
export function finetunePanelTab(page: Page, modelName: string): Locator {
  return page.locator('.tabs-container .tab', { hasText: `Fine-tune: ${modelName}` });
}

async function frameWith(page: Page, selector: string): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if ((await frame.locator(selector).count()) > 0) return frame;
    } catch {
      // a frame that navigated away meanwhile
    }
  }
  return undefined;
}

/** Waits until the panel's page shows `selector` (e.g. '.finetune-panel[data-phase="done"]'); returns its frame. */
export async function waitForFinetunePanel(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = await frameWith(page, selector);
    if (frame) return frame;
    if (Date.now() > deadline) {
      const phase = await (await frameWith(page, '.finetune-panel'))?.locator('.finetune-panel').getAttribute('data-phase');
      throw new Error(`the fine-tune panel did not show ${selector} within ${timeoutMs / 1000} s (${phase ? `its phase: ${phase}` : 'no panel found'})`);
    }
    await page.waitForTimeout(250);
  }
}

/** The batch the loss chart reads out last: grows while training runs. */
export async function chartedBatch(frame: Frame): Promise<number> {
  return Number(await frame.locator('.chart-cell[data-family="loss"] .readout').getAttribute('data-x'));
}

/** The ids of the layers the graph draws as frozen. */
export function frozenLayers(frame: Frame): Promise<string[]> {
  return frame.locator('.graph-host .node.frozen').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''));
}
