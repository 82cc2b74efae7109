import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimator } from '../../../renderer/chart/decimate';
import type { Cell, Columns } from '../../../renderer/chart/trainingSeries';

function columns(n: number): Columns {
  const x = Array.from({ length: n }, (_, i) => i);
  const y = x.map((i) => Math.sin(i / 7) * 10 + (i % 13));
  const val = x.map((i) => ((i + 1) % 100 === 0 ? i / 1000 : undefined));
  return [x, y, val];
}

test('small data is drawn as is', () => {
  const full = columns(500);
  const d = new Decimator(full, ['envelope', 'sample'], 1024);
  assert.equal(d.columns(), full);
});

test('large data becomes min/max pairs per bucket that keep the extremes and the sparse samples', () => {
  const full = columns(10_000);
  const d = new Decimator(full, ['envelope', 'sample'], 1024);
  const [x, y, val] = d.columns() as [Cell[], Cell[], Cell[]];
  const bucket = 16; // smallest power of two with 10,000 / bucket <= 1024
  assert.equal(x.length, 2 * Math.ceil(10_000 / bucket));
  const ys = full[1] as number[];
  assert.equal(Math.max(...(y as number[])), Math.max(...ys));
  assert.equal(Math.min(...(y as number[])), Math.min(...ys));
  for (let b = 0; b < x.length / 2; b++) {
    const slice = ys.slice(b * bucket, (b + 1) * bucket);
    assert.deepEqual([Math.min(y[2 * b]!, y[2 * b + 1]!), Math.max(y[2 * b]!, y[2 * b + 1]!)], [Math.min(...slice), Math.max(...slice)]);
    assert.deepEqual([x[2 * b], x[2 * b + 1]], [b * bucket, Math.min(10_000, (b + 1) * bucket) - 1]);
  }
  assert.equal(val.filter((v) => v !== undefined).length, 100);
});

test('growing the data and refreshing equals decimating the grown data from scratch', () => {
  const full = columns(3000);
  const d = new Decimator(full, ['envelope', 'sample'], 256);
  const grown = columns(9000);
  for (let n = 3000; n < 9000; n += 7) {
    const end = Math.min(9000, n + 7);
    full[0].push(...grown[0].slice(n, end));
    for (let c = 1; c < 3; c++) {
      const column: Cell[] = full[c]!;
      column.push(...grown[c]!.slice(n, end));
    }
    d.refresh();
  }
  assert.deepEqual(d.columns(), new Decimator(grown, ['envelope', 'sample'], 256).columns());
});
