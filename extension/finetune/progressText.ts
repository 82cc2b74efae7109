// What the fine-tune's progress notification says, from the CLI's events and lines. Pure.

import { fractionDone, type FinetuneEvent } from '../../common/finetuneProgress';
import { formatDuration } from '../../common/duration';

type BatchEvent = Extract<FinetuneEvent, { type: 'batch' }>;
type EpochEvent = Extract<FinetuneEvent, { type: 'epoch' }>;

export interface RunView {
  backend?: string;
  /** The latest line for people, shown until training starts (loading, checks, accuracy before). */
  lastLine?: string;
  batch?: BatchEvent;
  epoch?: EpochEvent;
}

export function withEvent(view: RunView, event: FinetuneEvent): RunView {
  switch (event.type) {
    case 'backend':
      return { ...view, backend: event.name };
    case 'model':
      return view;
    case 'batch':
      return { ...view, batch: event };
    case 'epoch':
      return { ...view, epoch: event };
    case 'result':
    case 'refused':
      return view;
  }
}

export function withLine(view: RunView, line: string): RunView {
  return line.trim() ? { ...view, lastLine: line.trim() } : view;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** "epoch 2/10 · loss 0.4120 · val acc 81.0% · ETA 0:42 · backend wasm" once training runs; before that, what is being done. */
export function progressMessage(view: RunView): string {
  const backend = view.backend ? `backend ${view.backend}` : undefined;
  if (!view.batch) return [view.lastLine ?? 'starting…', backend].filter(Boolean).join(' · ');
  const b = view.batch;
  const valAcc = view.epoch?.values.val_acc;
  return [
    `epoch ${b.epoch}/${b.epochs}`,
    `loss ${b.loss.toFixed(4)}`,
    ...(valAcc !== undefined ? [`val acc ${percent(valAcc)}`] : []),
    `ETA ${formatDuration(b.etaSeconds)}`,
    backend,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Percent of the run done (0..100), for the notification's bar. */
export function percentDone(view: RunView): number {
  return view.batch ? Math.round(fractionDone(view.batch) * 100) : 0;
}

/** The closing message: "validation accuracy 5.0% → 65.0%; saved to digits-finetuned-1". */
export function resultSummary(result: Extract<FinetuneEvent, { type: 'result' }>, outName: string): string {
  const accuracy = result.afterAccuracy !== undefined ? `validation accuracy ${percent(result.beforeAccuracy)} → ${percent(result.afterAccuracy)}` : result.message;
  return `Fine-tuned (${result.message}): ${accuracy}. The model and its report are in ${outName}.`;
}
