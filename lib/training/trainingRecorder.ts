// Accumulates one fit's metrics into a TrainingRun (common/outputs.ts), for a notebook's live curves
// and the fine-tune's panel and report alike. Pure: no tfjs, no I/O.
// Every epoch end is kept. Batch points are kept one per batch up to MAX_BATCH_POINTS; past that,
// neighbours are averaged pairwise (each point then stands for 2, 4, 8... batches), so a long run's
// payload, re-sent on every live update, stays bounded instead of growing with every batch.

import type { TrainingPayload, TrainingRun } from '../../common/outputs';

export const MAX_BATCH_POINTS = 4000;

type Point = { step: number; values: Record<string, number> };

export class TrainingRecorder {
  private readonly run: TrainingRun;
  private stride = 1;
  private pending: { count: number; step: number; sums: Record<string, number> } | undefined;
  private step = 0;

  constructor(name: string, epochs: number, batchesPerEpoch?: number) {
    this.run = { name, status: 'running', metrics: [], epochs, batches: [], epochEnds: [] };
    if (batchesPerEpoch !== undefined && Number.isFinite(batchesPerEpoch)) this.run.batchesPerEpoch = batchesPerEpoch;
  }

  /** Logs of one finished batch, as tfjs passes them to onBatchEnd. */
  batchEnd(logs: Record<string, unknown> | undefined): void {
    const values = metricValues(logs);
    this.noteMetrics(values);
    const pending = (this.pending ??= { count: 0, step: this.step, sums: {} });
    pending.count += 1;
    pending.step = this.step;
    for (const [key, value] of Object.entries(values)) pending.sums[key] = (pending.sums[key] ?? 0) + value;
    this.step += 1;
    if (pending.count === this.stride) this.flushPending();
  }

  /** `epoch` is tfjs' 0-based index; the payload counts epochs from 1. */
  epochEnd(epoch: number, logs: Record<string, unknown> | undefined): void {
    const values = metricValues(logs);
    this.noteMetrics(values);
    this.run.epochEnds.push({ epoch: epoch + 1, step: Math.max(0, this.step - 1), values });
  }

  finish(status: TrainingRun['status'], message?: string): void {
    this.flushPending();
    this.run.status = status;
    if (message !== undefined) this.run.message = message;
  }

  get batchesSeen(): number {
    return this.step;
  }

  get epochsSeen(): number {
    return this.run.epochEnds.length;
  }

  /** A copy of the run so far (batch points still being averaged are left out until finish). */
  snapshot(): TrainingRun {
    return { ...this.run, metrics: [...this.run.metrics], batches: [...this.run.batches], epochEnds: [...this.run.epochEnds] };
  }

  payload(): TrainingPayload {
    return trainingPayload(this.snapshot());
  }

  private noteMetrics(values: Record<string, number>): void {
    for (const key of Object.keys(values)) if (!this.run.metrics.includes(key)) this.run.metrics.push(key);
  }

  private flushPending(): void {
    const pending = this.pending;
    if (!pending || pending.count === 0) return;
    const values: Record<string, number> = {};
    for (const [key, sum] of Object.entries(pending.sums)) values[key] = sum / pending.count;
    this.run.batches.push({ step: pending.step, values });
    this.pending = undefined;
    if (this.run.batches.length > MAX_BATCH_POINTS) {
      this.run.batches = halve(this.run.batches);
      this.stride *= 2;
    }
  }
}

export function trainingPayload(...runs: TrainingRun[]): TrainingPayload {
  return { version: 1, runs };
}

/** Averages neighbouring points pairwise; a point keeps the step of the last batch it covers. */
function halve(points: Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const a = points[i]!;
    const b = points[i + 1];
    if (!b) {
      out.push(a);
      continue;
    }
    const values: Record<string, number> = {};
    for (const key of new Set([...Object.keys(a.values), ...Object.keys(b.values)])) {
      const va = a.values[key];
      const vb = b.values[key];
      values[key] = va === undefined ? vb! : vb === undefined ? va : (va + vb) / 2;
    }
    out.push({ step: b.step, values });
  }
  return out;
}

/** The numeric metrics of a tfjs logs object (drops `batch` and `size` bookkeeping). */
export function metricValues(logs: Record<string, unknown> | undefined): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (key === 'batch' || key === 'size') continue;
    if (typeof value === 'number' && Number.isFinite(value)) values[key] = value;
  }
  return values;
}

/** A finished tfjs History (model.fit's result) as a training payload with its epoch ends. */
export function historyPayload(history: { epoch: number[]; history: Record<string, unknown[]> }, name: string): TrainingPayload {
  const recorder = new TrainingRecorder(name, history.epoch.length);
  history.epoch.forEach((epoch, i) => {
    const logs: Record<string, unknown> = {};
    for (const [key, series] of Object.entries(history.history)) logs[key] = series[i];
    recorder.epochEnd(epoch, logs);
  });
  recorder.finish('done');
  return recorder.payload();
}
