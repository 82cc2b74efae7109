import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, trainingCsv } from '../../../renderer/chart/csv';
import { confusionMetrics } from '../../../renderer/images/confusionMetrics';
import { formatCompact, formatShapeCompact, formatShapeFull, formatValue } from '../../../renderer/format';

test('precision per column, recall per row, NaN where a class never occurs', () => {
  const m = confusionMetrics([
    [3, 1, 0],
    [0, 2, 0],
    [1, 0, 0],
  ]);
  assert.equal(m.total, 7);
  assert.equal(m.accuracy, 5 / 7);
  assert.deepEqual(m.recall.slice(0, 2), [3 / 4, 1]);
  assert.deepEqual(m.precision.slice(0, 2), [3 / 4, 2 / 3]);
  assert.ok(Number.isNaN(m.precision[2]!));
});

test('CSV rows per batch and per epoch, with quoting', () => {
  const csv = trainingCsv({
    version: 1,
    runs: [
      {
        name: 'a, "b"',
        status: 'done',
        metrics: ['loss', 'val_loss'],
        epochs: 1,
        batchesPerEpoch: 2,
        batches: [
          { step: 0, values: { loss: 1 } },
          { step: 1, values: { loss: 0.5 } },
        ],
        epochEnds: [{ epoch: 1, step: 1, values: { loss: 0.75, val_loss: 0.8 } }],
      },
    ],
  });
  assert.equal(csv, 'run,kind,step,epoch,loss,val_loss\n"a, ""b""",batch,0,1,1,\n"a, ""b""",batch,1,1,0.5,\n"a, ""b""",epoch,1,1,0.75,0.8\n');
  assert.equal(csvField('x\ny'), '"x\ny"');
});

test('numbers and shapes as the views print them', () => {
  assert.deepEqual([650, 100_480, 4160, 25_583_592, 2_000].map(formatCompact), ['650', '100.5k', '4.16k', '25.6M', '2k']);
  assert.equal(formatShapeCompact([null, 56, 56, 256]), '56×56×256');
  assert.equal(formatShapeCompact([[null, 10], [null, 1]]), '10 | 1');
  assert.equal(formatShapeFull([null, 28, 28, 1]), '(None, 28, 28, 1)');
  assert.deepEqual([0.012345, 1234.5, 1e-5, null].map(formatValue), ['0.01235', '1235', '1.000e-5', '–']);
});
