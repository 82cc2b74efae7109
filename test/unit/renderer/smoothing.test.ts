import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ema, emaAppend, emaStart } from '../../../renderer/chart/smoothing';

test('debiased EMA: the first value is kept, later ones follow TensorBoard\'s formula', () => {
  const w = 0.6;
  const values = [2, 1, 4, 3];
  const out = ema(values, w);
  assert.equal(out[0], 2); // (1-w)*2 / (1-w) = 2: no pull towards zero
  let last = 0;
  values.forEach((v, i) => {
    last = last * w + (1 - w) * v;
    assert.ok(Math.abs(out[i]! - last / (1 - Math.pow(w, i + 1))) < 1e-12);
  });
});

test('weight 0 returns the values; gaps stay gaps and do not reset the average', () => {
  assert.deepEqual(ema([1, 2, 3], 0), [1, 2, 3]);
  const out = ema([1, undefined, null, 3], 0.5);
  assert.equal(out[1], undefined);
  assert.equal(out[2], null);
  assert.equal(out[3], (0.25 * 1 + 0.5 * 3) / 0.75);
});

test('appending in pieces gives the same result as smoothing at once', () => {
  const values = Array.from({ length: 50 }, (_, i) => Math.sin(i) + i / 10);
  const whole = ema(values, 0.9);
  const out: Array<number | null | undefined> = [];
  const state = emaStart();
  const growing: number[] = [];
  for (const chunk of [values.slice(0, 7), values.slice(7, 8), values.slice(8)]) {
    const from = growing.length;
    growing.push(...chunk);
    emaAppend(growing, out, from, 0.9, state);
  }
  assert.deepEqual(out, whole);
});
