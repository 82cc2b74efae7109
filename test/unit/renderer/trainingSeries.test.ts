import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TrainingPayload, TrainingRun } from '../../../common/outputs';
import { ema } from '../../../renderer/chart/smoothing';
import { metricFamilies, TrainingSeries } from '../../../renderer/chart/trainingSeries';

const runs = JSON.parse(readFileSync(join(__dirname, '../../fixtures/payloads/training-runs.json'), 'utf8')) as TrainingPayload;

function upTo(run: TrainingRun, batches: number): TrainingRun {
  const last = run.batches[batches - 1]!.step;
  return { ...run, batches: run.batches.slice(0, batches), epochEnds: run.epochEnds.filter((e) => e.step <= last) };
}

test('one chart per metric family, val_ metrics with their training twin', () => {
  assert.deepEqual(metricFamilies(runs), ['loss', 'acc']);
  const series = new TrainingSeries(runs, { mode: 'batch', smoothing: 0, log: false });
  assert.deepEqual(
    series.charts[0]!.series.map((s) => `${s.run}:${s.metric}:${s.role}`),
    ['0:loss:train', '0:val_loss:val', '1:loss:train', '1:val_loss:val', '2:loss:train', '2:val_loss:val'],
  );
  const [x, loss0, val0] = series.charts[0]!.columns;
  assert.equal(x!.length, 250);
  assert.deepEqual(loss0, runs.runs[0]!.batches.map((b) => b.values.loss));
  assert.equal(val0![49], runs.runs[0]!.epochEnds[0]!.values.val_loss);
  assert.equal(val0![48], undefined);
});

test('smoothing adds the raw series and smooths the training one', () => {
  const series = new TrainingSeries(runs, { mode: 'batch', smoothing: 0.6, log: false });
  const chart = series.charts[0]!;
  const raw = chart.series.findIndex((s) => s.run === 1 && s.role === 'raw');
  const train = chart.series.findIndex((s) => s.run === 1 && s.role === 'train');
  assert.deepEqual(chart.columns[train + 1], ema(chart.columns[raw + 1]!, 0.6));
});

test('appending a live run batch by batch builds the same columns as the finished run', () => {
  const run = runs.runs[0]!;
  const live = new TrainingSeries({ version: 1, runs: [upTo(run, 10)] }, { mode: 'batch', smoothing: 0.6, log: false });
  for (const n of [11, 49, 50, 51, 120, 250]) assert.ok(live.append({ version: 1, runs: [upTo(run, n)] }));
  assert.equal(live.append({ version: 1, runs: [run] }), false);
  const whole = new TrainingSeries({ version: 1, runs: [run] }, { mode: 'batch', smoothing: 0.6, log: false });
  assert.deepEqual(live.charts, whole.charts);
});

test('epoch mode plots epoch-end values at x = epoch; log mode drops values that are not positive', () => {
  const series = new TrainingSeries(runs, { mode: 'epoch', smoothing: 0.6, log: false });
  assert.deepEqual(series.charts[1]!.columns[0], [1, 2, 3, 4, 5]);
  assert.deepEqual(series.charts[1]!.columns[2], runs.runs[0]!.epochEnds.map((e) => e.values.val_acc));
  const zero: TrainingPayload = { version: 1, runs: [{ ...runs.runs[0]!, batches: [{ step: 0, values: { loss: 0 } }, { step: 1, values: { loss: 2 } }], epochEnds: [] }] };
  const log = new TrainingSeries(zero, { mode: 'batch', smoothing: 0, log: true });
  assert.deepEqual(log.charts[0]!.columns[1], [null, 2]);
});
