import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_BATCH_POINTS, TrainingRecorder, historyPayload, metricValues } from '../../../lib/training/trainingRecorder';

test('batches and epoch ends are recorded with global steps and 1-based epochs', () => {
  const recorder = new TrainingRecorder('m · fit 1', 2, 2);
  recorder.batchEnd({ batch: 0, size: 32, loss: 1 });
  recorder.batchEnd({ batch: 1, size: 32, loss: 0.5, acc: 0.6 });
  recorder.epochEnd(0, { loss: 0.75, val_loss: 0.8 });
  recorder.batchEnd({ batch: 0, size: 32, loss: 0.25 });
  recorder.finish('done');
  const run = recorder.payload().runs[0]!;
  assert.deepEqual(run.metrics, ['loss', 'acc', 'val_loss']);
  assert.deepEqual(run.batches.map((b) => b.step), [0, 1, 2]);
  assert.deepEqual(run.epochEnds, [{ epoch: 1, step: 1, values: { loss: 0.75, val_loss: 0.8 } }]);
  assert.equal(run.status, 'done');
  assert.equal(run.batchesPerEpoch, 2);
});

test('past MAX_BATCH_POINTS, batch points are averaged pairwise and stay bounded', () => {
  const recorder = new TrainingRecorder('long', 1);
  const total = MAX_BATCH_POINTS * 5 + 3;
  for (let i = 0; i < total; i++) recorder.batchEnd({ loss: i });
  recorder.finish('done');
  const batches = recorder.payload().runs[0]!.batches;
  assert.ok(batches.length <= MAX_BATCH_POINTS, `${batches.length} points`);
  assert.ok(batches.length > MAX_BATCH_POINTS / 2);
  // Each point is the mean of the batches it covers and carries the step of its last batch.
  const covered = batches[1]!.step - batches[0]!.step;
  assert.equal(batches[0]!.values.loss, (covered - 1) / 2);
  assert.equal(batches.at(-1)!.step, total - 1);
  for (let i = 1; i < batches.length; i++) assert.ok(batches[i]!.step > batches[i - 1]!.step);
});

test('metricValues keeps finite numbers only', () => {
  assert.deepEqual(metricValues({ batch: 3, size: 8, loss: 0.1, acc: NaN, note: 'x' }), { loss: 0.1 });
});

test('a tfjs History becomes a finished run of epoch ends', () => {
  const payload = historyPayload({ epoch: [0, 1], history: { loss: [2, 1], val_loss: [3, 2] } }, 'history');
  assert.deepEqual(payload.runs[0]!.epochEnds.map((e) => [e.epoch, e.values.loss, e.values.val_loss]), [[1, 2, 3], [2, 1, 2]]);
  assert.equal(payload.runs[0]!.status, 'done');
});
