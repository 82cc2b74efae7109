// Messages between the fine-tune command (extension host) and its webview panel ("Fine-tune:
// <model>", renderer/finetune/). The extension forwards what the CLI says (common/finetuneProgress.ts)
// and adds what only it knows: the run's start, a cancel under way, and how the process ended.
// Pure and shared, so that both sides and the tests agree on one shape.

import { hasType, isRecord } from './guards';
import type { FinetuneEvent } from './finetuneProgress';

/** How a run ended, as the panel shows it: the CLI's result statuses plus a failure the extension saw. */
export type RunEndStatus = 'done' | 'early-stopped' | 'cancelled' | 'failed';

export type PanelMessage =
  /** A run begins: what is fine-tuned on what. */
  | { type: 'start'; model: string; data: string }
  /** An event of `tlnb finetune` (TLNB_PROGRESS=json), as it printed it. */
  | { type: 'event'; event: FinetuneEvent }
  /** A line of the CLI's output for people ("loading the data …"): what is being done before training. */
  | { type: 'line'; line: string }
  /** Cancel was asked for (here or in the notification): training stops at the next batch. */
  | { type: 'cancelling' }
  /** The process ended. `message`: the result's summary, or the error with how to fix it. */
  | { type: 'end'; status: RunEndStatus; message: string; outDir?: string; reportFile?: string };

/**
 * What the extension posts to the webview. `reset`: forget everything shown and draw `messages`
 * from the start: the answer to `ready`, so a webview that (re)loads late misses nothing.
 */
export interface PanelUpdate {
  type: 'tlnb.finetune.update';
  reset: boolean;
  messages: PanelMessage[];
}

/** What the webview asks of the extension. */
export type PanelRequest =
  /** The webview's script has loaded and listens: send everything so far. */
  | { type: 'ready' }
  /** The panel's Cancel button: the same as the notification's Cancel. */
  | { type: 'cancel' }
  /** Open the report notebook the run wrote. */
  | { type: 'openReport' };

export function isPanelUpdate(value: unknown): value is PanelUpdate {
  return isRecord(value) && value.type === 'tlnb.finetune.update' && typeof value.reset === 'boolean' && Array.isArray(value.messages);
}

const REQUESTS: ReadonlySet<string> = new Set(['ready', 'cancel', 'openReport']);

export function isPanelRequest(value: unknown): value is PanelRequest {
  return hasType(value) && REQUESTS.has(value.type);
}
