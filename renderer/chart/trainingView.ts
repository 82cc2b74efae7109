// The `training` output: one uPlot chart per metric family with every run overlaid, controls
// for x axis, smoothing and log scale, and exports. A re-render with a longer payload appends
// only the new points to the existing charts (no DOM rebuild, no flicker), and while a fit runs the
// x axis spans its planned length, so appends usually stroke only the new segments
// (incrementalDraw.ts); uPlot redraws in full when a scale changes and once appends pause.

import uPlot from 'uplot';
import type { TrainingAppendMessage, TrainingPayload, TrainingRun } from '../../common/outputs';
import { button, download, h } from '../dom';
import { formatValue } from '../format';
import { themeColors, type ThemeColors } from '../theme';
import type { OutputView } from '../view';
import { trainingCsv } from './csv';
import { Decimator } from './decimate';
import { chartsPng } from './exportPng';
import { drawAppended, measureExtent, type DrawnExtent, type StrokeStyle } from './incrementalDraw';
import { shapeKey, TrainingSeries, type SeriesOptions } from './trainingSeries';
import { axes, cursorOptions } from './uplotTheme';

const CHART_HEIGHT = 210;
/** After the last incremental append, uPlot redraws everything this much later (see incrementalDraw.ts). */
const SETTLE_MS = 400;
let nextSyncKey = 0;

export interface TrainingView extends OutputView<TrainingPayload> {
  /** Adds the points of a renderer message (see TrainingAppendMessage) to what is shown. */
  append(message: TrainingAppendMessage): void;
}

export function trainingView(root: HTMLElement, initial: TrainingPayload): TrainingView {
  let payload = initial;
  const options: SeriesOptions = {
    mode: initial.runs.some((r) => r.batches.length > 0) ? 'batch' : 'epoch',
    smoothing: 0.6,
    log: false,
  };
  const syncKey = `tlnb-training-${nextSyncKey++}`;
  let series: TrainingSeries;
  let plots: uPlot[] = [];
  let decimators: Decimator[] = [];
  let styles: StrokeStyle[][] = [];
  const extents: DrawnExtent[] = [];
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const readouts: HTMLElement[] = [];
  let colors: ThemeColors;
  let statusKey = '';
  let key = shapeKey(initial);

  const status = h('div', { class: 'status' });
  const controls = h('div', { class: 'controls' });
  const grid = h('div', { class: 'charts' });
  root.append(h('div', { class: 'header' }, h('span', { class: 'name' }, 'Training'), status, toolbar()), controls, grid);

  const resize = new ResizeObserver(() => {
    for (const plot of plots) {
      const width = plotWidth(plot.root.parentElement!);
      if (Math.abs(width - plot.width) > 1) {
        plot.setSize({ width, height: CHART_HEIGHT });
        fullDraw(plots.indexOf(plot));
      }
    }
  });
  resize.observe(grid);

  function toolbar(): HTMLElement {
    return h(
      'span',
      { class: 'toolbar' },
      button('PNG', 'Export the charts as PNG', () => void exportPng()),
      button('CSV', 'Export every logged value as CSV', () =>
        download(root, new Blob([trainingCsv(payload)], { type: 'text/csv' }), 'training.csv'),
      ),
    );
  }

  function renderControls(): void {
    const modeButton = (mode: SeriesOptions['mode'], label: string) =>
      button(label, `x axis: ${label}`, () => {
        options.mode = mode;
        rebuild();
      }, { 'aria-pressed': String(options.mode === mode), 'data-mode': mode });
    const slider = h('input', {
      type: 'range',
      min: 0,
      max: 0.99,
      step: 0.01,
      value: options.smoothing,
      'aria-label': 'Smoothing',
      disabled: options.mode === 'epoch',
    });
    const value = h('span', { class: 'value' }, options.smoothing.toFixed(2));
    slider.addEventListener('input', () => {
      options.smoothing = Number(slider.value);
      value.textContent = options.smoothing.toFixed(2);
      rebuild(false);
    });
    const log = h('input', { type: 'checkbox', 'aria-label': 'Log scale', checked: options.log });
    log.addEventListener('change', () => {
      options.log = log.checked;
      rebuild();
    });
    controls.replaceChildren(
      h('span', {}, 'x: ', modeButton('batch', 'batch'), ' ', modeButton('epoch', 'epoch')),
      h('label', { title: 'Exponential moving average, debiased (as in TensorBoard)' }, 'smoothing', slider, value),
      h('label', {}, log, 'log scale'),
    );
  }

  function runStateKey(): string {
    return JSON.stringify(payload.runs.map((r) => [r.name, r.status, r.epochEnds.length, r.epochs, r.message]));
  }

  /** Rewrites the run lines only when something in them changed (not on every batch). */
  function renderStatus(): void {
    const key = runStateKey();
    if (key === statusKey) return;
    statusKey = key;
    status.replaceChildren(
      ...payload.runs.map((run, i) => {
        const last = run.epochEnds[run.epochEnds.length - 1];
        const values = last
          ? Object.entries(last.values)
              .map(([k, v]) => `${k} ${formatValue(v)}`)
              .join(' · ')
          : '';
        const state = run.status === 'running' ? 'running' : run.status;
        return h(
          'div',
          { class: 'run', 'data-run': run.name },
          h('span', { class: 'swatch', style: `display:inline-block;width:10px;height:3px;margin:0 6px 3px 0;background:${colors.palette[i % colors.palette.length]}` }),
          h('b', {}, run.name),
          ' · ',
          h('span', { class: state }, state),
          ` · epoch ${last?.epoch ?? 0}/${run.epochs}`,
          values ? ` · ${values}` : '',
          run.message ? ` · ${run.message}` : '',
        );
      }),
    );
  }

  function lastDefined(column: Array<number | null | undefined>, at: number): number | undefined {
    // Validation values exist only where an epoch ended: look back to the latest one.
    for (let i = Math.min(at, column.length - 1); i >= 0; i--) {
      const v = column[i];
      if (v !== undefined && v !== null) return v;
    }
    return undefined;
  }

  function plotWidth(cell: HTMLElement): number {
    return Math.max(240, Math.floor(cell.clientWidth || 480));
  }

  /** Each chart's series styles: uPlot's options and the incremental draw both use them. */
  function strokeStyles(colors: ThemeColors): StrokeStyle[][] {
    return series.charts.map((chart) =>
      chart.series.map((spec): StrokeStyle => {
        const stroke = colors.palette[spec.run % colors.palette.length]!;
        if (spec.role === 'raw') return { stroke, alpha: 0.22, width: 1 };
        if (spec.role === 'val') return { stroke, width: 2, dash: [6, 4], spanGaps: true, points: { show: true, size: 6, fill: colors.background, width: 2 } };
        return { stroke, width: 1.6 };
      }),
    );
  }

  function seriesOptions(): uPlot.Series[][] {
    return series.charts.map((chart, c) => [
      {},
      ...chart.series.map((spec, s): uPlot.Series => {
        const run = payload.runs[spec.run]!.name;
        const label = payload.runs.length > 1 ? `${run} · ${spec.metric}` : spec.metric;
        const style = styles[c]![s]!;
        const value = (_u: uPlot, v: number | null) => formatValue(v ?? undefined);
        return {
          label: spec.role === 'raw' ? `${label} (raw)` : label,
          ...(spec.role === 'raw' ? { class: 'raw' } : {}),
          ...style,
          points: style.points ?? { show: false },
          value,
        };
      }),
    ]);
  }

  /**
   * The x range: the data's, and while a run is fitting, out to the last step (or epoch) it plans,
   * so that new points do not rescale the axis (and can be drawn incrementally).
   */
  function xRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
    if (min === null || max === null) return [null, null];
    let planned = -Infinity;
    for (const run of payload.runs) {
      if (run.status !== 'running') continue;
      planned = Math.max(planned, options.mode === 'batch' ? run.epochs * (run.batchesPerEpoch ?? 0) - 1 : run.epochs);
    }
    return [min, Math.max(max, planned)];
  }

  /** uPlot redraws chart `i` from its columns (rescaling both axes). */
  function fullDraw(i: number): void {
    const plot = plots[i];
    if (!plot) return;
    const columns = decimators[i]!.columns();
    plot.setData(columns);
    extents[i] = measureExtent(columns);
  }

  /** Rebuilds every chart: only for changes of options, theme or runs, never for new points. */
  function rebuild(full = true): void {
    if (full) renderControls();
    // Theme colours are read once per rebuild: reading computed style on every live update
    // would force a style recalculation each time.
    colors = themeColors(root);
    statusKey = '';
    renderStatus();
    series = new TrainingSeries(payload, { ...options });
    for (const plot of plots) plot.destroy();
    plots = [];
    grid.replaceChildren();
    clearTimeout(settleTimer);
    styles = strokeStyles(colors);
    const specs = seriesOptions();
    decimators = series.charts.map(
      (chart) => new Decimator(chart.columns, chart.series.map((spec) => (spec.role === 'val' ? 'sample' : 'envelope'))),
    );
    series.charts.forEach((chart, i) => {
      const cell = h('div', { class: 'chart-cell', 'data-family': chart.family });
      const readout = h('div', { class: 'readout' });
      grid.append(cell);
      cell.append(h('h4', {}, chart.family), readout);
      readouts[i] = readout;
      const plot = new uPlot(
        {
          width: plotWidth(cell),
          height: CHART_HEIGHT,
          series: specs[i]!,
          axes: axes(colors, options.mode === 'batch' ? 'batch' : 'epoch', chart.family, options.log),
          scales: { x: { time: false, range: xRange }, y: options.log ? { distr: 3 } : {} },
          cursor: cursorOptions(syncKey),
          // uPlot's legend lists every series (runs × raw/smoothed/val); one compact read-out
          // line per chart, coloured by run, says the same in less room.
          legend: { show: false },
          // The cursor indexes the drawn (maybe decimated) columns; the read-out shows the
          // full-resolution values at that x.
          hooks: { setCursor: [(u) => showReadout(i, u.cursor.idx == null ? null : (u.data[0][u.cursor.idx] as number))] },
          padding: [8, 12, 0, 0],
          // Antialiased lines: pixel-snapping makes dense curves look stepped.
          pxAlign: false,
        },
        decimators[i]!.columns(),
        cell,
      );
      plots.push(plot);
      extents[i] = measureExtent(decimators[i]!.columns());
      showReadout(i, null);
    });
  }

  /** Values at the hovered x, or the latest values when the pointer is elsewhere. */
  function showReadout(chartIndex: number, hoveredX: number | null): void {
    const chart = series.charts[chartIndex];
    const readout = readouts[chartIndex];
    if (!chart || !readout) return;
    const x = chart.columns[0]!;
    // Full columns start at x = 0 (batch) or x = 1 (epoch) and step by one.
    const at = hoveredX === null ? x.length - 1 : Math.min(x.length - 1, hoveredX - (options.mode === 'epoch' ? 1 : 0));
    if (at < 0) return readout.replaceChildren(h('span', { class: 'note' }, 'waiting for the first batch…'));
    const parts: Node[] = [h('span', { class: 'x' }, `${options.mode} ${x[at] ?? ''}`)];
    payload.runs.forEach((run, r) => {
      const value = (role: 'train' | 'val') => {
        const s = chart.series.findIndex((spec) => spec.run === r && spec.role === role);
        return s < 0 ? undefined : lastDefined(chart.columns[s + 1]!, at);
      };
      const train = value('train');
      const val = value('val');
      if (train === undefined && val === undefined) return;
      parts.push(
        h(
          'span',
          { class: 'run-value', 'data-run': run.name },
          h('span', { class: 'swatch', style: `background:${colors.palette[r % colors.palette.length]}` }),
          payload.runs.length > 1 ? `${run.name} ` : '',
          h('b', {}, formatValue(train)),
          val !== undefined ? ` · val ${formatValue(val)}` : '',
        ),
      );
    });
    readout.replaceChildren(...parts);
    readout.dataset.x = String(x[at] ?? '');
  }

  /** The live path: new points are appended to the columns and drawn (incrementally when the scales stay). */
  function update(next: TrainingPayload): void {
    const nextKey = shapeKey(next);
    const shrank = next.runs.some((r, i) => r.batches.length < (payload.runs[i]?.batches.length ?? 0));
    payload = next;
    if (nextKey !== key || shrank) {
      key = nextKey;
      rebuild();
      return;
    }
    const lengths = series.charts.map((chart) => chart.columns[0]!.length);
    // A run that starts, finishes or ends an epoch is drawn by uPlot at once, exactly.
    const runsChanged = statusKey !== runStateKey();
    if (series.append(next)) {
      let incremental = false;
      series.charts.forEach((_chart, i) => {
        const from = decimators[i]!.refresh(lengths[i]);
        const drawn = runsChanged ? undefined : drawAppended(plots[i]!, decimators[i]!.columns(), extents[i]!, from, styles[i]!);
        if (drawn) {
          extents[i] = drawn;
          incremental = true;
        } else fullDraw(i);
        if (plots[i]!.cursor.idx == null) showReadout(i, null);
      });
      clearTimeout(settleTimer);
      if (incremental) settleTimer = setTimeout(() => plots.forEach((_p, i) => fullDraw(i)), SETTLE_MS);
    } else if (runsChanged) {
      // A run finished without new points: its x axis no longer extends to the plan.
      plots.forEach((_p, i) => fullDraw(i));
    }
    renderStatus();
  }

  async function exportPng(): Promise<void> {
    const blob = await chartsPng(
      plots.map((p, i) => ({ title: series.charts[i]!.family, canvas: p.ctx.canvas })),
      payload.runs.map((r, i) => ({ name: r.name, color: colors.palette[i % colors.palette.length]! })),
      colors,
    );
    download(root, blob, 'training.png');
  }

  /** Builds the next payload from a message: known points are skipped, new ones added. */
  function append(message: TrainingAppendMessage): void {
    const runs = payload.runs.map((run) => ({ ...run }));
    for (const part of message.runs) {
      const current: TrainingRun | undefined = runs[part.index];
      if (!current && (part.index !== runs.length || !part.run)) continue;
      const run: TrainingRun = current ?? { ...part.run!, batches: [], epochEnds: [] };
      if (part.run) {
        // Only the run's description; its points come from the message's own lists.
        const { name, status, metrics, epochs, batchesPerEpoch, message: note } = part.run;
        Object.assign(run, { name, status, metrics, epochs, batchesPerEpoch, message: note });
      }
      const lastStep = run.batches.length ? run.batches[run.batches.length - 1]!.step : -1;
      const lastEpoch = run.epochEnds.length ? run.epochEnds[run.epochEnds.length - 1]!.epoch : 0;
      // Payload arrays are shared with the previous payload: appending keeps them growing in place.
      for (const b of part.batches) if (b.step > lastStep) run.batches.push(b);
      for (const e of part.epochEnds) if (e.epoch > lastEpoch) run.epochEnds.push(e);
      runs[part.index] = run;
    }
    update({ version: 1, runs });
  }

  rebuild();
  return {
    update,
    append,
    retheme: () => rebuild(),
    dispose: () => {
      clearTimeout(settleTimer);
      resize.disconnect();
      for (const plot of plots) plot.destroy();
    },
  };
}
