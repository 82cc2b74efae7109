// What a training run logged, kept as common/outputs.ts's TrainingRun so that the live curves and
// the report's saved curves are the same payload. Pure.

import { formatDuration } from '../../common/duration';
import type { TrainingPayload, TrainingRun } from '../../common/outputs';

export class TrainingRecorder {
  private readonly record: TrainingRun;

  constructor(name: string, epochs: number, batchesPerEpoch: number) {
    this.record = { name, status: 'running', metrics: ['loss', 'acc', 'val_loss', 'val_acc'], epochs, batchesPerEpoch, batches: [], epochEnds: [] };
  }

  /** The global step (0-based) of batch `batch` (0-based) in epoch `epoch` (0-based). */
  step(epoch: number, batch: number): number {
    return epoch * this.record.batchesPerEpoch! + batch;
  }

  batch(epoch: number, batch: number, values: Record<string, number>): void {
    this.record.batches.push({ step: this.step(epoch, batch), values });
  }

  epochEnd(epoch: number, values: Record<string, number>): void {
    const last = this.record.batches[this.record.batches.length - 1];
    this.record.epochEnds.push({ epoch: epoch + 1, step: last?.step ?? this.step(epoch, 0), values });
  }

  finish(status: TrainingRun['status'], message?: string): void {
    this.record.status = status;
    if (message) this.record.message = message;
  }

  /** A copy, with at most `maxBatchPoints` batch points (averaged in runs of equal length) so long runs stay small. */
  run(maxBatchPoints = 1000): TrainingRun {
    return { ...this.record, batches: thinBatches(this.record.batches, maxBatchPoints), epochEnds: this.record.epochEnds.slice() };
  }
}

/** Averages consecutive points so that at most `max` remain; each keeps the step of its last point. */
export function thinBatches(batches: TrainingRun['batches'], max: number): TrainingRun['batches'] {
  if (batches.length <= max) return batches.slice();
  const size = Math.ceil(batches.length / max);
  const out: TrainingRun['batches'] = [];
  for (let start = 0; start < batches.length; start += size) {
    const group = batches.slice(start, start + size);
    const values: Record<string, number> = {};
    for (const key of Object.keys(group[0]!.values)) {
      values[key] = group.reduce((sum, b) => sum + (b.values[key] ?? 0), 0) / group.length;
    }
    out.push({ step: group[group.length - 1]!.step, values });
  }
  return out;
}

export function trainingPayload(...runs: TrainingRun[]): TrainingPayload {
  return { version: 1, runs };
}

/** Seconds left, from the time the finished steps took. */
export function etaSeconds(elapsedSeconds: number, doneSteps: number, totalSteps: number): number {
  if (doneSteps <= 0) return NaN;
  return (elapsedSeconds / doneSteps) * Math.max(0, totalSteps - doneSteps);
}

/** One line per epoch, for the CLI and notebook cells: "epoch 2/10  loss 0.3121  acc 0.9012  val_loss …  0:12, ETA 0:48". */
export function formatEpoch(progress: { epoch: number; epochs: number; values: Record<string, number>; elapsedSeconds: number; etaSeconds: number; best?: boolean }): string {
  const figures = ['loss', 'acc', 'val_loss', 'val_acc']
    .filter((k) => progress.values[k] !== undefined)
    .map((k) => `${k} ${progress.values[k]!.toFixed(4)}`)
    .join('  ');
  const width = String(progress.epochs).length;
  return `epoch ${String(progress.epoch).padStart(width)}/${progress.epochs}  ${figures}  ${formatDuration(progress.elapsedSeconds)}, ETA ${formatDuration(progress.etaSeconds)}${progress.best ? '  (best so far)' : ''}`;
}
