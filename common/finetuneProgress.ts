// What `tlnb finetune` tells a program that runs it (VS Code's "Fine-tune Model…" command) when
// started with TLNB_PROGRESS=json: one event per line, the prefix then JSON, among the ordinary
// human-readable lines. Pure and shared: the CLI writes these lines, the extension reads them.

import { hasType } from './guards';
import type { ModelGraphPayload } from './outputs';

/** The environment variable, and its value, that make `tlnb finetune` print these events. */
export const PROGRESS_ENV = { name: 'TLNB_PROGRESS', json: 'json' } as const;

/** `tlnb finetune`'s exit codes: 130 is a cancel (SIGINT, Ctrl+C), as shells report it. */
export const FINETUNE_EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** Starts every machine-readable line; any other line is for people (the log). */
export const PROGRESS_PREFIX = '@tlnb-progress ';

export type FinetuneEvent =
  /** The TensorFlow.js backend the training runs on. */
  | { type: 'backend'; name: string }
  /**
   * Once the model to train is ready (strategy applied, new output layer added), before the first
   * batch: its layer graph with frozen layers marked (kernel/display's builder, as notebooks draw it),
   * the layers added for the new classes, the notes on what was changed, and the training plan.
   */
  | { type: 'model'; graph: ModelGraphPayload; newLayers: string[]; notes: string[]; plan: string }
  /** After a training batch (throttled). `text` is the same news for people. `accuracy` is absent when not finite. */
  | { type: 'batch'; text: string; epoch: number; epochs: number; batch: number; batchesPerEpoch: number; loss: number; accuracy?: number; etaSeconds: number }
  /** After an epoch: its figures (loss, acc, val_loss, val_acc). */
  | { type: 'epoch'; text: string; epoch: number; epochs: number; values: Record<string, number>; etaSeconds: number }
  /** The end of a run that was not refused: where the results went (absent after a cancel). */
  | { type: 'result'; status: 'done' | 'early-stopped' | 'cancelled'; message: string; beforeAccuracy: number; afterAccuracy?: number; outDir?: string; reportFile?: string }
  /** The run was refused (bad input, a NaN loss): the problem's stable name (lib/finetune/errors.ts), for a wizard to re-ask that step. */
  | { type: 'refused'; problem: string; message: string };

export function progressLine(event: FinetuneEvent): string {
  return `${PROGRESS_PREFIX}${JSON.stringify(event)}`;
}

const TYPES: ReadonlySet<string> = new Set(['backend', 'model', 'batch', 'epoch', 'result', 'refused'] satisfies Array<FinetuneEvent['type']>);

/** The CLI writes these lines itself (progressLine); a known `type` is what tells them from a person's text. */
function isFinetuneEvent(value: unknown): value is FinetuneEvent {
  return hasType(value) && TYPES.has(value.type);
}

/** The event a line carries, or undefined for a line meant for people (or one this version does not know). */
export function parseProgressLine(line: string): FinetuneEvent | undefined {
  if (!line.startsWith(PROGRESS_PREFIX)) return undefined;
  try {
    const event: unknown = JSON.parse(line.slice(PROGRESS_PREFIX.length));
    return isFinetuneEvent(event) ? event : undefined;
  } catch {
    return undefined;
  }
}

/** How far a run is, 0..1, from a batch event: the batches done of all the batches planned. */
export function fractionDone(event: Extract<FinetuneEvent, { type: 'batch' }>): number {
  const total = event.epochs * event.batchesPerEpoch;
  return total > 0 ? Math.min(1, ((event.epoch - 1) * event.batchesPerEpoch + event.batch) / total) : 0;
}
