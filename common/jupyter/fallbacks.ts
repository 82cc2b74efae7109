// What a Jupyter viewer without tlnb's renderer can show for tlnb's rich outputs: a text/plain
// summary when the output has none, and a PNG where one can be made without a browser (image
// grids). The kernel already sends text/plain with every rich output; this covers the rest.

import { MIME, type ConfusionPayload, type ImageGridPayload, type ModelGraphPayload, type PlotPayload, type TrainingPayload } from '../outputs';
import { imageGridPng } from './pngImage';

/** A text/plain summary of a tlnb payload, or undefined for other MIME types. */
export function summaryText(mime: string, payload: unknown): string | undefined {
  switch (mime) {
    case MIME.model:
      return (payload as ModelGraphPayload).summary;
    case MIME.training:
      return (payload as TrainingPayload).runs
        .map((run) => {
          const last = run.epochEnds.at(-1);
          const values = last ? Object.entries(last.values).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') : 'no epoch finished';
          return `${run.name}: ${run.status}, epoch ${run.epochEnds.length}/${run.epochs} — ${values}`;
        })
        .join('\n');
    case MIME.images: {
      const p = payload as ImageGridPayload;
      return `${p.images.length} image${p.images.length === 1 ? '' : 's'} ${p.width}×${p.height}×${p.channels}${p.title ? ` — ${p.title}` : ''}`;
    }
    case MIME.confusion: {
      const p = payload as ConfusionPayload;
      const width = Math.max(...p.labels.map((l) => l.length), ...p.matrix.flat().map((n) => String(n).length));
      const pad = (s: string) => s.padStart(width);
      const rows = p.matrix.map((row, i) => `${pad(p.labels[i] ?? '')} ${row.map((n) => pad(String(n))).join(' ')}`);
      return [`${p.title ?? 'Confusion matrix'} (rows: actual, columns: predicted)`, `${pad('')} ${p.labels.map(pad).join(' ')}`, ...rows].join('\n');
    }
    case MIME.plot: {
      const p = payload as PlotPayload;
      return `${p.title ?? 'Plot'}: ${p.series.map((s) => `${s.name} (${s.x.length} points)`).join(', ')}`;
    }
    default:
      return undefined;
  }
}

/** A PNG of a tlnb payload where one can be drawn without a browser. */
export function fallbackPng(mime: string, payload: unknown): Uint8Array | undefined {
  return mime === MIME.images ? imageGridPng(payload as ImageGridPayload) : undefined;
}
