// Number and shape formatting shared by the views.

import type { Shape } from '../common/outputs';

const integer = new Intl.NumberFormat('en-US');

/** 1234567 -> "1,234,567"; used where exact counts matter (details, totals). */
export function formatInteger(n: number): string {
  return integer.format(n);
}

/** 25583592 -> "25.6M", 100480 -> "100.5k", 650 -> "650": short enough for a graph node. */
export function formatCompact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${trim(n / 1e3)}k`;
  if (n < 1e9) return `${trim(n / 1e6)}M`;
  return `${trim(n / 1e9)}B`;
}

/** Three or four significant digits, without trailing zeros: 100.48 -> "100.5", 2.0 -> "2". */
function trim(x: number): string {
  const text = x >= 10 ? x.toFixed(1) : x.toFixed(2);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function isShapeList(shape: Shape | Shape[]): shape is Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

/** [null, 56, 56, 256] -> "56×56×256" (the batch dimension is left out); several outputs joined by " | ". */
export function formatShapeCompact(shape: Shape | Shape[]): string {
  if (isShapeList(shape)) return shape.map(formatShapeCompact).join(' | ');
  const dims = (shape as Shape).slice((shape as Shape)[0] === null ? 1 : 0);
  return dims.length === 0 ? 'scalar' : dims.map((d) => (d === null ? '?' : String(d))).join('×');
}

/** [null, 56, 56, 256] -> "(None, 56, 56, 256)", as Keras prints it. */
export function formatShapeFull(shape: Shape | Shape[]): string {
  if (isShapeList(shape)) return shape.map(formatShapeFull).join(', ');
  return `(${(shape as Shape).map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** Significant digits for chart read-outs: 0.012345 -> "0.01235", 1234.5 -> "1235". */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return Number(v.toPrecision(4)).toString();
}
