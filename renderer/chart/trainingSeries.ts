// Turns a training payload into uPlot's aligned columns, one chart per metric family (loss with
// val_loss, acc with val_acc, ...) and, per run, the training series and its validation twin.
// Batch mode appends new points to the existing columns; nothing already built is rebuilt.

import type { TrainingPayload, TrainingRun } from '../../common/outputs';
import { emaAppend, emaStart, type EmaState } from './smoothing';

export type XMode = 'batch' | 'epoch';
export type Cell = number | null | undefined;
/** One chart's aligned columns, uPlot's AlignedData: x (always a number), then one column per series. */
export type Columns = [x: number[], ...series: Cell[][]];

export interface SeriesSpec {
  run: number;
  /** The logged metric name, e.g. 'loss' or 'val_loss'. */
  metric: string;
  role: 'train' | 'raw' | 'val';
}

export interface ChartColumns {
  family: string;
  series: SeriesSpec[];
  /** columns[0] is x; columns[i + 1] belongs to series[i]. */
  columns: Columns;
}

export interface SeriesOptions {
  mode: XMode;
  smoothing: number;
  log: boolean;
}

/** Metric families in the order the runs first log them: ['loss', 'acc', ...]. */
export function metricFamilies(payload: TrainingPayload): string[] {
  const families: string[] = [];
  for (const run of payload.runs) {
    for (const metric of run.metrics) {
      const family = metric.startsWith('val_') ? metric.slice(4) : metric;
      if (!families.includes(family)) families.push(family);
    }
  }
  return families;
}

/** What a chart can extend in place; anything else about a payload change means a rebuild. */
export function shapeKey(payload: TrainingPayload): string {
  return JSON.stringify(payload.runs.map((r) => [r.name, r.metrics]));
}

interface Progress {
  batches: number;
  epochEnds: number;
}

/**
 * Builds and extends the columns of every chart. In batch mode x is the global batch step and a
 * run's validation values sit at the step their epoch ended; in epoch mode x is the epoch.
 */
export class TrainingSeries {
  readonly charts: ChartColumns[];
  private readonly progress: Progress[];
  private readonly ema = new Map<string, EmaState>();
  private readonly rawColumns = new Map<string, Cell[]>();

  constructor(
    payload: TrainingPayload,
    readonly options: SeriesOptions,
  ) {
    this.charts = metricFamilies(payload).map((family) => ({ family, series: [], columns: [[]] }));
    for (const chart of this.charts) {
      payload.runs.forEach((run, index) => {
        const hasTrain = run.metrics.includes(chart.family);
        const hasVal = run.metrics.includes(`val_${chart.family}`);
        const smoothed = options.mode === 'batch' && options.smoothing > 0;
        if (hasTrain && smoothed) chart.series.push({ run: index, metric: chart.family, role: 'raw' });
        if (hasTrain) chart.series.push({ run: index, metric: chart.family, role: 'train' });
        if (hasVal) chart.series.push({ run: index, metric: `val_${chart.family}`, role: 'val' });
      });
      chart.columns = [[], ...chart.series.map(() => [])];
    }
    this.progress = payload.runs.map(() => ({ batches: 0, epochEnds: 0 }));
    this.append(payload);
  }

  /** Adds the points `payload` has beyond those already taken. Returns whether anything was added. */
  append(payload: TrainingPayload): boolean {
    let added = false;
    payload.runs.forEach((run, index) => {
      const progress = this.progress[index]!;
      if (run.batches.length > progress.batches || run.epochEnds.length > progress.epochEnds) added = true;
      if (this.options.mode === 'batch') this.appendBatches(run, index, progress);
      else this.appendEpochs(run, index, progress);
      progress.batches = run.batches.length;
      progress.epochEnds = run.epochEnds.length;
    });
    return added;
  }

  private value(v: number | undefined): Cell {
    if (v === undefined || !Number.isFinite(v)) return undefined;
    return this.options.log && v <= 0 ? null : v;
  }

  /** Grows every column to cover x up to `last` (x = 0, 1, 2, ...). */
  private growTo(chart: ChartColumns, last: number, first: number): void {
    const x = chart.columns[0]!;
    for (let step = x.length; step <= last; step++) {
      x.push(first + step);
      for (let c = 1; c < chart.columns.length; c++) {
        const column: Cell[] = chart.columns[c]!;
        column.push(undefined);
      }
    }
  }

  private appendBatches(run: TrainingRun, index: number, progress: Progress): void {
    const newBatches = run.batches.slice(progress.batches);
    const newEnds = run.epochEnds.slice(progress.epochEnds);
    for (const chart of this.charts) {
      const lastStep = Math.max(
        newBatches.length ? newBatches[newBatches.length - 1]!.step : -1,
        newEnds.length ? newEnds[newEnds.length - 1]!.step : -1,
      );
      this.growTo(chart, lastStep, 0);
      chart.series.forEach((spec, s) => {
        if (spec.run !== index) return;
        const column: Cell[] = chart.columns[s + 1]!;
        if (spec.role === 'val') {
          for (const end of newEnds) column[end.step] = this.value(end.values[spec.metric]);
          return;
        }
        // Training series: per-batch values, or epoch values when the run logs no batches.
        const points = run.batches.length > 0 ? newBatches : newEnds;
        if (spec.role === 'raw' || this.options.smoothing === 0) {
          for (const p of points) column[p.step] = this.value(p.values[spec.metric]);
          if (spec.role === 'raw') this.rawColumns.set(`${index}:${spec.metric}`, column);
          return;
        }
        // Smoothed series: EMA over the raw column from the first new point on.
        const raw = this.rawColumns.get(`${index}:${spec.metric}`)!;
        const key = `${index}:${spec.metric}`;
        const state = this.ema.get(key) ?? emaStart();
        this.ema.set(key, state);
        const from = points.length ? points[0]!.step : raw.length;
        emaAppend(raw, column, from, this.options.smoothing, state);
      });
    }
  }

  private appendEpochs(run: TrainingRun, index: number, progress: Progress): void {
    const newEnds = run.epochEnds.slice(progress.epochEnds);
    for (const chart of this.charts) {
      if (newEnds.length === 0) continue;
      // x = epoch (1-based): column position epoch - 1.
      this.growTo(chart, newEnds[newEnds.length - 1]!.epoch - 1, 1);
      chart.series.forEach((spec, s) => {
        if (spec.run !== index) return;
        const column: Cell[] = chart.columns[s + 1]!;
        for (const end of newEnds) column[end.epoch - 1] = this.value(end.values[spec.metric]);
      });
    }
  }
}
