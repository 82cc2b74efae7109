// The live-chart fast path's messages (extension/execution/trainingDelta.ts): applied the way the
// renderer applies them (TrainingAppendMessage in common/outputs.ts), successive deltas rebuild
// exactly the payload the kernel sent; what a message cannot express asks for a replacement.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainingAppendMessage, TrainingPayload, TrainingRun } from '../../../common/outputs';
import { shownTraining, trainingDelta } from '../../../extension/execution/trainingDelta';
import { MAX_BATCH_POINTS, TrainingRecorder } from '../../../lib/training/trainingRecorder';

/** TrainingAppendMessage's documented meaning: points already shown are skipped, the run's description replaced. */
function apply(payload: TrainingPayload, message: TrainingAppendMessage): TrainingPayload {
  const runs = payload.runs.map((r) => ({ ...r, batches: [...r.batches], epochEnds: [...r.epochEnds] }));
  for (const part of message.runs) {
    const run: TrainingRun = runs[part.index] ?? { ...part.run!, batches: [], epochEnds: [] };
    if (part.run) Object.assign(run, part.run);
    const lastStep = run.batches.at(-1)?.step ?? -1;
    const lastEpoch = run.epochEnds.at(-1)?.epoch ?? 0;
    run.batches.push(...part.batches.filter((b) => b.step > lastStep));
    run.epochEnds.push(...part.epochEnds.filter((e) => e.epoch > lastEpoch));
    runs[part.index] = run;
  }
  return { version: 1, runs };
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

test('successive deltas of a live fit rebuild each payload exactly, carrying only the new points', () => {
  const recorder = new TrainingRecorder('mlp · fit 1', 3, 40);
  let shownPayload = clone(recorder.payload());
  let shown = shownTraining(shownPayload);
  let messages = 0;
  for (let batch = 0; batch < 120; batch++) {
    recorder.batchEnd({ loss: 1 / (batch + 1), acc: batch / 120 });
    if ((batch + 1) % 40 === 0) recorder.epochEnd((batch + 1) / 40 - 1, { loss: 0.5, acc: 0.9, val_loss: 0.6, val_acc: 0.85 });
    if (batch % 7 !== 6 && batch !== 119) continue; // the kernel sends every ~100 ms, not every batch
    if (batch === 119) recorder.finish('done');
    const next = clone(recorder.payload());
    const delta = trainingDelta(shown, next, 'out-1')!;
    assert.ok(delta.message, `batch ${batch}: something new to send`);
    assert.equal(delta.message.outputId, 'out-1');
    const [part] = delta.message.runs;
    assert.ok(part!.batches.length <= 7, 'only the points since the last message travel');
    shownPayload = apply(shownPayload, delta.message);
    assert.deepEqual(shownPayload, next);
    shown = delta.shown;
    messages++;
  }
  assert.equal(messages, 18);
  // The run's status changed to done in the last message, which carried the run's description.
  assert.equal(shownPayload.runs[0]!.status, 'done');
  assert.deepEqual(trainingDelta(shown, clone(recorder.payload()), 'out-1'), { shown }, 'nothing new: no message');
});

test('a second run (a fit in the same output) arrives whole; a run removed asks for a replacement', () => {
  const one: TrainingPayload = { version: 1, runs: [{ name: 'a', status: 'done', metrics: ['loss'], epochs: 1, batches: [{ step: 0, values: { loss: 1 } }], epochEnds: [] }] };
  const two: TrainingPayload = { version: 1, runs: [...one.runs, { name: 'b', status: 'running', metrics: ['loss'], epochs: 2, batches: [{ step: 0, values: { loss: 2 } }], epochEnds: [] }] };
  const delta = trainingDelta(shownTraining(one), two, 'o')!;
  assert.deepEqual(delta.message!.runs, [{ index: 1, run: { name: 'b', status: 'running', metrics: ['loss'], epochs: 2 }, batches: two.runs[1]!.batches, epochEnds: [] }]);
  assert.deepEqual(apply(one, delta.message!), two);
  assert.equal(trainingDelta(shownTraining(two), one, 'o'), undefined);
});

test('when the kernel merges a long run\'s points (past MAX_BATCH_POINTS), the output is replaced instead', () => {
  const recorder = new TrainingRecorder('long', 1);
  for (let i = 0; i < MAX_BATCH_POINTS; i++) recorder.batchEnd({ loss: 1 });
  const before = clone(recorder.payload());
  recorder.batchEnd({ loss: 1 });
  const after = clone(recorder.payload());
  assert.ok(after.runs[0]!.batches.length < before.runs[0]!.batches.length, 'the recorder halved its points');
  assert.equal(trainingDelta(shownTraining(before), after, 'o'), undefined);
});
