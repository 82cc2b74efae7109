// Live appends without redrawing a chart. uPlot's setData clears the canvas and rebuilds every
// series' path (2 × 1,024 decimated points per series at 100,000 batches) and re-lays the axes,
// ~2–5 ms per chart per update. When the new points leave both scales as they are (the x axis is
// fixed to the planned length of a running fit, and the y range only changes when a value falls
// outside its rounded, padded range), only the new segments are stroked onto the canvas here, in
// the series' own style; uPlot is handed the longer columns without a redraw. Anything else — a
// scale change, a re-bucketing of the decimated columns, a finished run, a resize — is a full
// redraw by uPlot, and trainingView.ts redraws fully once appends pause, so what stays on screen
// is exactly uPlot's picture (the stroke joints of appended pieces can differ by a pixel's
// anti-aliasing until then).

import uPlot from 'uplot';
import type { Columns } from './trainingSeries';

/** What trainingView gives each series (its uPlot options); widths and dashes in CSS pixels. */
export interface StrokeStyle {
  stroke: string;
  width: number;
  alpha?: number;
  dash?: number[];
  spanGaps?: boolean;
  points?: { show: boolean; size: number; fill: string; width: number };
}

/** The data extent one chart has drawn so far, to decide without a scan whether a scale changes. */
export interface DrawnExtent {
  /** How many drawn-column entries are on the canvas. */
  length: number;
  min: number;
  max: number;
}

/** The extent of every y value in the drawn columns (after a full redraw). */
export function measureExtent(columns: Columns): DrawnExtent {
  return extendExtent({ length: columns[0].length, min: Infinity, max: -Infinity }, columns, 0);
}

function extendExtent(extent: DrawnExtent, columns: Columns, from: number): DrawnExtent {
  let { min, max } = extent;
  for (let s = 1; s < columns.length; s++) {
    const column = columns[s]!;
    for (let i = from; i < column.length; i++) {
      const v = column[i];
      if (v === undefined || v === null) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { length: columns[0].length, min, max };
}

/**
 * Strokes the points added since `extent` onto the plot's canvas if neither scale would change,
 * and returns the new extent; returns undefined (nothing drawn) when uPlot must redraw.
 * `from`: the first drawn-column index that changed (a decimator's last bucket can be rebuilt).
 */
export function drawAppended(plot: uPlot, columns: Columns, extent: DrawnExtent, from: number, styles: readonly StrokeStyle[]): DrawnExtent | undefined {
  const x = columns[0];
  if (from < 0 || from > extent.length || x.length === 0) return undefined;
  const next = extendExtent(extent, columns, from);
  if (!sameRange(plot, 'x', x[0]!, x[x.length - 1]!) || !sameRange(plot, 'y', next.min, next.max)) return undefined;

  plot.setData(columns, false);
  const ctx = plot.ctx;
  const ratio = uPlot.pxRatio;
  const { left, top, width, height } = plot.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.lineJoin = 'round';
  // Start at the last point that was already drawn, so the new piece joins the old line.
  const start = Math.max(0, from - 1);
  styles.forEach((style, s) => {
    const column = columns[s + 1]!;
    let first = start;
    if (style.spanGaps) while (first > 0 && (column[first] === undefined || column[first] === null)) first--;
    ctx.globalAlpha = style.alpha ?? 1;
    ctx.strokeStyle = style.stroke;
    ctx.lineWidth = style.width * ratio;
    ctx.setLineDash((style.dash ?? []).map((d) => d * ratio));
    ctx.beginPath();
    let pen = false;
    for (let i = first; i < x.length; i++) {
      const v = column[i];
      if (v === undefined || v === null) {
        if (!style.spanGaps) pen = false;
        continue;
      }
      const px = plot.valToPos(x[i]!, 'x', true);
      const py = plot.valToPos(v, 'y', true);
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.stroke();
    if (style.points?.show) {
      const { size, fill, width: ring } = style.points;
      ctx.setLineDash([]);
      ctx.lineWidth = ring * ratio;
      ctx.fillStyle = fill;
      for (let i = Math.max(start, from); i < x.length; i++) {
        const v = column[i];
        if (v === undefined || v === null) continue;
        ctx.beginPath();
        ctx.arc(plot.valToPos(x[i]!, 'x', true), plot.valToPos(v, 'y', true), ((size - ring) / 2) * ratio, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
  });
  ctx.restore();
  return next;
}

/** Whether the scale's own range function maps this data extent to the range shown now. */
function sameRange(plot: uPlot, key: 'x' | 'y', min: number, max: number): boolean {
  const scale = plot.scales[key]!;
  // uPlot turns every scale's `range` option into a function when the plot is made.
  if (!Number.isFinite(min) || !Number.isFinite(max) || scale.min == null || scale.max == null || typeof scale.range !== 'function') return false;
  const range = scale.range(plot, min, max, key);
  return range[0] === scale.min && range[1] === scale.max;
}
