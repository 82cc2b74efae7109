// What a Jupyter viewer without tlnb's renderer can show for tlnb's rich outputs: a text/plain
// summary when the output has none, and a PNG where one can be made without a browser (image
// grids). The kernel already sends text/plain with every rich output; this covers the rest.

import { isRecord } from '../guards';
import { MIME, type ImageGridPayload } from '../outputs';
import { imageGridPng } from './pngImage';

/**
 * A text/plain summary of a tlnb payload, or undefined for other MIME types. The payload comes
 * from a notebook file: every field is checked as it is read, and a malformed one gives no summary.
 */
export function summaryText(mime: string, payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  switch (mime) {
    case MIME.model:
      return typeof payload.summary === 'string' ? payload.summary : undefined;
    case MIME.training:
      return Array.isArray(payload.runs) ? payload.runs.map(runSummary).join('\n') : undefined;
    case MIME.images: {
      if (!Array.isArray(payload.images)) return undefined;
      const { width, height, channels, title } = payload;
      const count = payload.images.length;
      return `${count} image${count === 1 ? '' : 's'} ${String(width)}×${String(height)}×${String(channels)}${typeof title === 'string' && title ? ` — ${title}` : ''}`;
    }
    case MIME.confusion: {
      const labels = stringList(payload.labels);
      const matrix = Array.isArray(payload.matrix) ? payload.matrix.map((row: unknown) => (Array.isArray(row) ? row.map(String) : [])) : undefined;
      if (!labels || !matrix) return undefined;
      const width = Math.max(...labels.map((l) => l.length), ...matrix.flat().map((n) => n.length));
      const pad = (s: string) => s.padStart(width);
      const rows = matrix.map((row, i) => `${pad(labels[i] ?? '')} ${row.map(pad).join(' ')}`);
      const title = typeof payload.title === 'string' ? payload.title : 'Confusion matrix';
      return [`${title} (rows: actual, columns: predicted)`, `${pad('')} ${labels.map(pad).join(' ')}`, ...rows].join('\n');
    }
    case MIME.plot: {
      if (!Array.isArray(payload.series)) return undefined;
      const series = payload.series.map((s: unknown) => (isRecord(s) ? `${String(s.name)} (${Array.isArray(s.x) ? s.x.length : 0} points)` : '?'));
      return `${typeof payload.title === 'string' ? payload.title : 'Plot'}: ${series.join(', ')}`;
    }
    default:
      return undefined;
  }
}

function runSummary(run: unknown): string {
  if (!isRecord(run)) return '?';
  const ends: unknown[] = Array.isArray(run.epochEnds) ? run.epochEnds : [];
  const last = ends.at(-1);
  const values =
    isRecord(last) && isRecord(last.values)
      ? Object.entries(last.values).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(4) : String(v)}`).join(', ')
      : 'no epoch finished';
  return `${String(run.name)}: ${String(run.status)}, epoch ${ends.length}/${String(run.epochs)} — ${values}`;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** A PNG of a tlnb payload where one can be drawn without a browser (an image grid of the expected shape). */
export function fallbackPng(mime: string, payload: unknown): Uint8Array | undefined {
  return mime === MIME.images && isImageGrid(payload) ? imageGridPng(payload) : undefined;
}

function isImageGrid(p: unknown): p is ImageGridPayload {
  return (
    isRecord(p) &&
    Number.isSafeInteger(p.width) &&
    Number.isSafeInteger(p.height) &&
    (p.channels === 1 || p.channels === 3) &&
    Array.isArray(p.images) &&
    p.images.every((image: unknown) => isRecord(image) && typeof image.pixels === 'string')
  );
}
