import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom, shuffledIndices, stratifiedSplit, trainTestSplit } from '../../../lib/data/shuffle';

test('the same seed gives the same sequence; another seed a different one', () => {
  const a = Array.from({ length: 5 }, seededRandom(42));
  const b = Array.from({ length: 5 }, seededRandom(42));
  const c = Array.from({ length: 5 }, seededRandom(43));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.every((v) => v >= 0 && v < 1));
});

test('a seeded shuffle is a permutation, reproducible, and actually moves things', () => {
  const order = shuffledIndices(1000, 7);
  assert.deepEqual([...order].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual(shuffledIndices(1000, 7), order);
  const fixedPoints = order.filter((v, i) => v === i).length;
  assert.ok(fixedPoints < 20, `a fair shuffle leaves about 1 element in place, this left ${fixedPoints}`);
});

test('the random numbers are spread evenly over [0, 1)', () => {
  const random = seededRandom(1);
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 100000; i++) buckets[Math.floor(random() * 10)]! += 1;
  for (const count of buckets) assert.ok(Math.abs(count - 10000) < 500, `bucket count ${count} is far from 10000`);
});

test('trainTestSplit makes disjoint parts that cover everything, in the asked proportion', () => {
  const { train, test: held } = trainTestSplit(101, 0.2, 3);
  assert.equal(held.length, 20);
  assert.equal(train.length, 81);
  assert.deepEqual([...train, ...held].sort((x, y) => x - y), Array.from({ length: 101 }, (_, i) => i));
  assert.throws(() => trainTestSplit(10, 1, 0), /strictly between 0 and 1/);
});

test('stratifiedSplit keeps a rare class in both parts', () => {
  const labels = [...new Array(95).fill(0), ...new Array(5).fill(1)];
  const { train, test: held } = stratifiedSplit(labels, 0.2, 9);
  assert.equal(held.filter((i) => labels[i] === 1).length, 1);
  assert.equal(train.filter((i) => labels[i] === 1).length, 4);
  assert.equal(new Set([...train, ...held]).size, 100);
});
