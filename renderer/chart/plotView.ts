// The `plot` output: a few named line series (activation functions, loss curves, sweeps).
// Series with different x values are aligned with uPlot.join.

import uPlot from 'uplot';
import type { PlotPayload } from '../../common/outputs';
import { button, download, h } from '../dom';
import { formatValue } from '../format';
import { themeColors } from '../theme';
import type { OutputView } from '../view';
import { chartsPng } from './exportPng';
import { axes, cursorOptions } from './uplotTheme';

let nextSyncKey = 0;

export function plotView(root: HTMLElement, initial: PlotPayload): OutputView<PlotPayload> {
  let payload = initial;
  let plot: uPlot | undefined;
  const cell = h('div', { class: 'chart-cell' });
  const syncKey = `tlnb-plot-${nextSyncKey++}`;

  const header = h('div', { class: 'header' });
  root.append(header, cell);

  const resize = new ResizeObserver(() => {
    const width = Math.max(240, cell.clientWidth);
    if (plot && Math.abs(width - plot.width) > 1) plot.setSize({ width, height: plot.height });
  });
  resize.observe(cell);

  function draw(): void {
    for (const s of payload.series) {
      if (s.x.length !== s.y.length) {
        throw new Error(`plot series "${s.name}" has ${s.x.length} x values and ${s.y.length} y values; they must match.`);
      }
    }
    header.replaceChildren(
      h('span', { class: 'name' }, payload.title ?? 'Plot'),
      h('span', { class: 'toolbar' }, button('PNG', 'Export as PNG', () => void exportPng())),
    );
    const colors = themeColors(root);
    const data = alignedData(payload);
    plot?.destroy();
    plot = new uPlot(
      {
        width: Math.max(240, Math.min(cell.clientWidth || 640, 900)),
        height: 260,
        series: [
          { label: payload.xLabel ?? 'x', value: (_u: uPlot, v: number | null) => formatValue(v) },
          ...payload.series.map((s, i) => ({
            label: s.name,
            stroke: colors.palette[i % colors.palette.length]!,
            width: 1.8,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => formatValue(v),
          })),
        ],
        axes: axes(colors, payload.xLabel ?? 'x', payload.yLabel ?? 'y', payload.logY === true),
        scales: { x: { time: false }, y: payload.logY ? { distr: 3 } : {} },
        cursor: cursorOptions(syncKey),
        padding: [8, 12, 0, 0],
        // Antialiased lines: pixel-snapping makes smooth curves look stepped.
        pxAlign: false,
      },
      data,
      cell,
    );
  }

  async function exportPng(): Promise<void> {
    if (!plot) return;
    const colors = themeColors(root);
    const blob = await chartsPng([{ title: payload.title ?? '', canvas: plot.ctx.canvas }], [], colors);
    download(root, blob, `${payload.title ?? 'plot'}.png`);
  }

  draw();
  return {
    update: (next) => {
      payload = next;
      draw();
    },
    retheme: draw,
    dispose: () => {
      resize.disconnect();
      plot?.destroy();
    },
  };
}

function sameX(payload: PlotPayload): boolean {
  const [first, ...rest] = payload.series;
  return !!first && rest.every((s) => s.x.length === first.x.length && s.x.every((v, i) => v === first.x[i]));
}

export function alignedData(payload: PlotPayload): uPlot.AlignedData {
  if (payload.series.length === 0) return [[]];
  if (sameX(payload)) return [payload.series[0]!.x, ...payload.series.map((s) => s.y)];
  const sorted = payload.series.map((s) => {
    const order = s.x.map((_, i) => i).sort((a, b) => s.x[a]! - s.x[b]!);
    return [order.map((i) => s.x[i]!), order.map((i) => s.y[i]!)] as uPlot.AlignedData;
  });
  return uPlot.join(sorted);
}
