// TensorBoard's smoothing: an exponential moving average, debiased so the first points are not
// pulled towards zero. Incremental, so a live chart smooths only the points that just arrived.

export interface EmaState {
  last: number;
  count: number;
}

export function emaStart(): EmaState {
  return { last: 0, count: 0 };
}

/**
 * Smooths `values[from..]` into `out[from..]` with weight `w` in [0, 1) (0 = no smoothing),
 * continuing from `state`. Gaps (null/undefined/non-finite) stay gaps and do not reset the average.
 */
export function emaAppend(
  values: ArrayLike<number | null | undefined>,
  out: Array<number | null | undefined>,
  from: number,
  w: number,
  state: EmaState,
): void {
  for (let i = from; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    state.last = state.last * w + (1 - w) * v;
    state.count++;
    out[i] = w === 0 ? v : state.last / (1 - Math.pow(w, state.count));
  }
}

export function ema(values: ArrayLike<number | null | undefined>, w: number): Array<number | null | undefined> {
  const out = new Array<number | null | undefined>(values.length);
  emaAppend(values, out, 0, w, emaStart());
  return out;
}
