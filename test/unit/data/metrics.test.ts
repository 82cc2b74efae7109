import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accuracy, confusionCounts, precisionPerClass, recallPerClass } from '../../../lib/data/metrics';

test('confusion counts are indexed [actual][predicted]', () => {
  const m = confusionCounts([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
  assert.deepEqual(m, [
    [1, 1, 0],
    [0, 1, 0],
    [1, 0, 2],
  ]);
  assert.deepEqual(recallPerClass(m), [0.5, 1, 2 / 3]);
  assert.deepEqual(precisionPerClass(m), [0.5, 0.5, 1]);
  assert.equal(accuracy([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2]), 4 / 6);
});

test('a class with no examples has NaN recall rather than a made-up number', () => {
  assert.ok(Number.isNaN(recallPerClass(confusionCounts([0], [0], 2))[1]!));
});

test('mismatched lengths and out-of-range classes are refused', () => {
  assert.throws(() => confusionCounts([0, 1], [0], 2), /2 labels, 1 predictions/);
  assert.throws(() => confusionCounts([0, 3], [0, 1], 3), /example 1 has class 3 → 1, outside 0\.\.2/);
  assert.throws(() => accuracy([], []), /at least one/);
});
