// Keeps what a chart draws small while its data grows: past `maxBuckets` points, consecutive
// x positions are grouped into buckets of 2, 4, 8... steps and each bucket is drawn as two
// points, its minimum and maximum in the order they occurred (the envelope a line through all
// points would paint at that width). Appends recompute only the last bucket, so a live update
// costs the same at 100 points as at 100,000; uPlot then draws at most 2 × maxBuckets points.

import type { Cell, Columns } from './trainingSeries';

/** 'envelope' keeps each bucket's min and max (dense series); 'sample' its last value (sparse val_ series). */
export type SeriesKind = 'envelope' | 'sample';

export class Decimator {
  private bucket = 1;
  private readonly out: Columns;
  /** Buckets already final in `out` (every bucket but the last, which may still grow). */
  private finished = 0;

  constructor(
    /** Full-resolution columns: [x, ...series], all the same length. */
    private readonly full: Columns,
    private readonly kinds: SeriesKind[],
    private readonly maxBuckets = 1024,
  ) {
    this.out = [[], ...full.slice(1).map(() => [])];
    this.refresh();
  }

  /** The columns to draw: the full ones themselves while they are small. */
  columns(): Columns {
    return this.bucket === 1 ? this.full : this.out;
  }

  /**
   * Brings the drawn columns up to date after the full columns grew from `previousLength` points.
   * Returns the first index of the drawn columns that changed, or -1 when they were re-bucketed.
   */
  refresh(previousLength = 0): number {
    const n = this.full[0].length;
    let bucket = this.bucket;
    while (n > bucket * this.maxBuckets) bucket *= 2;
    if (bucket === 1) return Math.min(previousLength, n);
    let rebucketed = false;
    if (bucket !== this.bucket) {
      this.bucket = bucket;
      this.finished = 0;
      rebucketed = true;
      for (const column of this.out) column.length = 0;
    }
    // Drop the last (possibly partial) bucket and rebuild from there.
    const from = this.finished * 2;
    for (const column of this.out) column.length = from;
    const buckets = Math.ceil(n / bucket);
    for (let b = this.finished; b < buckets; b++) this.addBucket(b * bucket, Math.min(n, (b + 1) * bucket));
    this.finished = Math.floor(n / bucket);
    return rebucketed ? -1 : from;
  }

  private addBucket(start: number, end: number): void {
    const x = this.full[0];
    this.out[0].push(x[start]!, x[end - 1]!);
    for (let s = 1; s < this.full.length; s++) {
      const column = this.full[s]!;
      const out: Cell[] = this.out[s]!;
      if (this.kinds[s - 1] === 'sample') {
        let last: Cell;
        for (let i = start; i < end; i++) if (column[i] !== undefined) last = column[i];
        out.push(undefined, last);
        continue;
      }
      let min: Cell;
      let max: Cell;
      let minAt = -1;
      let maxAt = -1;
      for (let i = start; i < end; i++) {
        const v = column[i];
        if (v === undefined || v === null) continue;
        if (min === undefined || min === null || v < min) [min, minAt] = [v, i];
        if (max === undefined || max === null || v > max) [max, maxAt] = [v, i];
      }
      if (minAt < 0) out.push(undefined, undefined);
      else if (minAt <= maxAt) out.push(min, max);
      else out.push(max, min);
    }
  }
}
