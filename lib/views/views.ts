// Builders for the rich outputs of common/outputs.ts: line plots, confusion matrices, image grids
// and tables. Each returns a Displayable carrying the payload and a text/plain fallback.

import type * as tf from '@tensorflow/tfjs';
import { MIME, type PlotPayload } from '../../common/outputs';
import { recallPerClass } from '../data/metrics';
import { confusionPayload } from '../display/confusion';
import { imageGridPayload } from '../display/imageGrid';
import { displayable, type Displayable } from './displayable';

export interface LinePlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
}

export type Series = { name: string; x: ArrayLike<number>; y: ArrayLike<number> };

/** Lines over a shared x axis (functions, loss curves, learning-rate sweeps). */
export function linePlot(series: Series[], options: LinePlotOptions = {}): Displayable {
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new RangeError(`series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`);
  }
  const payload: PlotPayload = {
    version: 1,
    ...options,
    series: series.map((s) => ({ name: s.name, x: Array.from(s.x), y: Array.from(s.y) })),
  };
  const text = `${options.title ?? 'plot'}: ${series.map((s) => `${s.name} (${s.x.length} points)`).join(', ')}`;
  return displayable({ [MIME.plot]: payload, 'text/plain': text });
}

/** A confusion matrix of class ids, with per-class recall in the text fallback. */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, labels: string[], title?: string): Displayable {
  const payload = confusionPayload(Array.from(actual), Array.from(predicted), labels, title);
  const matrix = payload.matrix;
  const width = Math.max('recall'.length, ...labels.map((l) => l.length), ...matrix.flat().map((n) => String(n).length)) + 1;
  const cell = (s: string | number) => String(s).padStart(width);
  const recall = recallPerClass(matrix);
  const lines = [
    `${title ?? 'confusion matrix'} (rows: actual, columns: predicted)`,
    cell('') + labels.map(cell).join('') + cell('recall'),
    ...matrix.map((row, i) => cell(labels[i]!) + row.map(cell).join('') + cell(recall[i]!.toFixed(3))),
  ];
  return displayable({ [MIME.confusion]: payload, 'text/plain': lines.join('\n') });
}

export interface ImageGridOptions {
  labels?: string[];
  predictions?: string[];
  title?: string;
}

/** Images from a [N, height, width, 1 or 3] tensor with values in 0..1; every image is sent. */
export function imageGrid(images: tf.Tensor4D, options: ImageGridOptions = {}): Displayable {
  const [count, height, width] = images.shape;
  const payload = imageGridPayload(images, { ...options, limit: count });
  const captions = payload.images.map((im, i) => `${i}: ${im.label ?? '?'}${im.prediction !== undefined ? ` → ${im.prediction}` : ''}`);
  return displayable({ [MIME.images]: payload, 'text/plain': `${options.title ?? 'images'} (${count} of ${width}×${height})\n${captions.join('\n')}` });
}

/** A table as markdown (rendered by VS Code) with an aligned text fallback. */
export function table(headers: string[], rows: Array<Array<string | number>>): Displayable {
  const text = rows.map((row) => row.map((v) => (typeof v === 'number' ? formatNumber(v) : v)));
  const markdown = [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...text.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const widths = headers.map((h, c) => Math.max(h.length, ...text.map((r) => String(r[c] ?? '').length)));
  const plain = [headers, ...text].map((r) => r.map((v, c) => String(v).padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
  return displayable({ 'text/markdown': markdown, 'text/plain': plain });
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}
