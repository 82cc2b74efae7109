// Tensors as outputs: a text form (tfjs' own summarised print) and an HTML table of the corner
// values for rank 0-2, with shape, dtype and min/max/mean in the header.

import type { Tensor } from '@tensorflow/tfjs';
import type { MimeBundle } from './mimeBundle';

/** Rows/columns shown from each end of a long axis. */
const EDGE = 5;

export function tensorBundle(tensor: Tensor): MimeBundle {
  if (tensor.isDisposed) return { 'text/plain': `Tensor (disposed) ${tensor.dtype} [${tensor.shape.join(', ')}]` };
  const header = `Tensor ${tensor.dtype} [${tensor.shape.join(', ')}]${statsText(tensor)}`;
  const bundle: MimeBundle = { 'text/plain': `${header}\n${tensor.toString().replace(/^Tensor\n/, '')}` };
  if (tensor.rank <= 2) bundle['text/html'] = tableHtml(tensor, header);
  return bundle;
}

function statsText(tensor: Tensor): string {
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64' || tensor.size === 0 || tensor.size === 1) return '';
  const values = tensor.dataSync() as ArrayLike<number>;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return ` · min ${format(min)} · max ${format(max)} · mean ${format(sum / values.length)}`;
}

function tableHtml(tensor: Tensor, header: string): string {
  const values = tensor.dataSync() as ArrayLike<number | string>;
  const [rows, columns] = tensor.rank === 0 ? [1, 1] : tensor.rank === 1 ? [1, tensor.shape[0]!] : [tensor.shape[0]!, tensor.shape[1]!];
  const cell = (r: number, c: number) => `<td>${escapeHtml(formatValue(values[r * columns + c]!))}</td>`;
  const ellipsisCell = '<td>…</td>';
  const body: string[] = [];
  for (const r of shownIndices(rows)) {
    if (r === -1) {
      body.push(`<tr>${shownIndices(columns).map(() => ellipsisCell).join('')}</tr>`);
      continue;
    }
    body.push(`<tr>${shownIndices(columns).map((c) => (c === -1 ? ellipsisCell : cell(r, c))).join('')}</tr>`);
  }
  return (
    `<div class="tlnb-tensor"><div><code>${escapeHtml(header)}</code></div>` +
    `<table style="font-family: var(--vscode-editor-font-family, monospace); text-align: right">${body.join('')}</table></div>`
  );
}

/** 0..n-1, or the first and last EDGE indices with -1 standing for the elided middle. */
function shownIndices(n: number): number[] {
  if (n <= 2 * EDGE + 1) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

function formatValue(value: number | string): string {
  return typeof value === 'number' ? format(value) : JSON.stringify(value);
}

function format(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-4) ? value.toExponential(3) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
