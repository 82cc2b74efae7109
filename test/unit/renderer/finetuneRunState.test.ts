// The fine-tune panel's state, reduced from what real `tlnb finetune` runs say (dist/cli.js on
// real MNIST PNGs): the prepared model's graph before the first batch, frozen layers as the
// strategy froze them, the curves' points, and each way a run ends.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FinetuneEvent } from '../../../common/finetuneProgress';
import type { PanelMessage } from '../../../common/finetunePanelMessages';
import { initialRunState, reduceRun, replayRun, type Phase } from '../../../renderer/finetune/runState';
import { SAMPLE_MODEL, recordFinetuneRun, writeDigits } from '../../fixtures/finetuneRun';
import { ensureBuilt, tempDir } from '../kernel/kernelHarness';

ensureBuilt();
const dir = tempDir('tlnb-finetune-panel-state-');
const digits = writeDigits(dir);

const eventsOf = (messages: PanelMessage[]) => messages.flatMap((m) => (m.type === 'event' ? [m.event] : []));
const ofType = <T extends FinetuneEvent['type']>(events: FinetuneEvent[], type: T) => events.filter((e): e is Extract<FinetuneEvent, { type: T }> => e.type === type);

test('a finished run: the graph before the first batch, frozen layers marked, a point per batch event, an end point per epoch', async () => {
  const { messages, exit } = await recordFinetuneRun({ model: SAMPLE_MODEL, data: digits, extra: ['--epochs', '2'], cwd: dir });
  assert.equal(exit.code, 0, exit.stderr);
  const events = eventsOf(messages);
  const modelAt = events.findIndex((e) => e.type === 'model');
  const firstBatchAt = events.findIndex((e) => e.type === 'batch');
  assert.ok(modelAt > 0 && modelAt < firstBatchAt, `the model event comes before the first batch (at ${modelAt}, first batch at ${firstBatchAt})`);

  // Message by message, as the panel draws them.
  const phases: Phase[] = [];
  let state = initialRunState();
  for (const message of messages) {
    state = reduceRun(state, message);
    if (phases.at(-1) !== state.phase) phases.push(state.phase);
    if (message.type === 'event' && message.event.type === 'model') assert.equal(state.phase, 'preparing', 'the graph is there before training starts');
  }
  assert.deepEqual(phases, ['preparing', 'training', 'done']);
  assert.equal(state.model, 'mnist-mlp');
  assert.equal(state.data, 'digits');
  assert.equal(state.backend, 'wasm');

  const graph = state.graph!;
  const byName = new Map(graph.layers.map((l) => [l.name, l]));
  assert.equal(byName.get('hidden')?.trainable, false, 'the base model\'s hidden layer is frozen (new head only)');
  assert.equal(byName.get('finetune_output')?.trainable, true, 'the new output layer learns');
  assert.deepEqual(state.newLayers, ['finetune_output']);
  assert.match(state.plan!, /^training: head, 2 epochs/);
  assert.ok(state.notes.some((n) => /replaced by a new Dense layer "finetune_output" with 5 units/.test(n)));
  assert.deepEqual(graph.totals, { trainable: 645, nonTrainable: 100480 });

  const batches = ofType(events, 'batch');
  assert.deepEqual(
    state.run.batches.map((b) => b.step),
    batches.map((b) => (b.epoch - 1) * b.batchesPerEpoch + b.batch - 1),
    'one point per batch event, at its global step',
  );
  assert.deepEqual(state.run.batches.map((b) => b.values.loss), batches.map((b) => b.loss));
  assert.ok(state.run.batches.every((b) => Number.isFinite(b.values.acc)), 'batch accuracy is charted too');
  assert.deepEqual(
    state.run.epochEnds.map((e) => [e.epoch, e.step]),
    [
      [1, 2],
      [2, 5],
    ],
    'epochs end at their last batch (80 images, batches of 32: 3 a epoch)',
  );
  const epochs = ofType(events, 'epoch');
  assert.deepEqual(state.run.epochEnds.map((e) => e.values), epochs.map((e) => e.values));
  assert.ok(['loss', 'acc', 'val_loss', 'val_acc'].every((k) => Number.isFinite(state.run.epochEnds[1]!.values[k])));
  assert.equal(state.run.status, 'done');
  assert.equal(state.run.epochs, 2);
  assert.deepEqual(state.progress && [state.progress.epoch, state.progress.epochs, state.progress.batch, state.progress.batchesPerEpoch], [2, 2, 3, 3]);

  const result = ofType(events, 'result')[0]!;
  assert.equal(state.beforeAccuracy, result.beforeAccuracy);
  assert.equal(state.afterAccuracy, result.afterAccuracy);
  assert.equal(state.reportFile, join(dir, 'digits-finetuned-1', 'finetune-report.tlnb'));

  // A webview that (re)loads gets every message again: the same state, nothing counted twice.
  const replayed = replayRun(messages);
  assert.deepEqual(replayed, state);
  const again = messages.filter((m) => m.type === 'event').reduce(reduceRun, state);
  assert.equal(again.run.batches.length, state.run.batches.length, 'a batch already shown is not added again');
  assert.equal(again.run.epochEnds.length, state.run.epochEnds.length);
});

test('the graph marks what the strategy froze: with all layers learning, none is frozen', async () => {
  const { messages, exit } = await recordFinetuneRun({ model: SAMPLE_MODEL, data: digits, extra: ['--epochs', '1', '--strategy', 'all', '--out', join(dir, 'all-layers')], cwd: dir });
  assert.equal(exit.code, 0, exit.stderr);
  const state = replayRun(messages);
  assert.deepEqual(state.graph!.layers.filter((l) => !l.trainable).map((l) => l.name), []);
  assert.equal(state.graph!.totals.nonTrainable, 0);
});

test('cancelled from the panel: "cancelling" holds until the end, the curves keep their points, the run is marked stopped', async () => {
  const { messages, exit } = await recordFinetuneRun({
    model: SAMPLE_MODEL,
    data: digits,
    extra: ['--epochs', '200', '--batch-size', '1', '--patience', '0'],
    cwd: dir,
    cancelAtBatch: 1,
  });
  assert.equal(exit.code, 130, exit.stderr);
  let state = initialRunState();
  const phases: Phase[] = [];
  for (const message of messages) {
    state = reduceRun(state, message);
    if (phases.at(-1) !== state.phase) phases.push(state.phase);
  }
  assert.deepEqual(phases, ['preparing', 'training', 'cancelling', 'cancelled']);
  assert.equal(state.run.status, 'stopped');
  assert.ok(state.run.batches.length >= 1);
  assert.equal(state.reportFile, undefined);
  assert.equal(state.message, 'Fine-tune cancelled; nothing was saved.');
});

test('a refused input: failed with the CLI\'s message, no graph, no curves', async () => {
  const { messages } = await recordFinetuneRun({ model: join(dir, 'no-such-model'), data: digits, cwd: dir });
  const state = replayRun(messages);
  assert.equal(state.phase, 'failed');
  assert.match(state.message!, /^Fine-tune failed: .*no-such-model/);
  assert.equal(state.graph, undefined);
  assert.equal(state.run.batches.length, 0);
  assert.equal(state.run.status, 'failed');
});

test('lines for people become the activity shown; blank lines do not', () => {
  let state = reduceRun(initialRunState(), { type: 'start', model: 'm', data: 'd' });
  state = reduceRun(state, { type: 'line', line: 'loading the data /x/digits' });
  state = reduceRun(state, { type: 'line', line: '   ' });
  assert.equal(state.activity, 'loading the data /x/digits');
  // A new start forgets the previous run (a reused panel).
  assert.equal(reduceRun(state, { type: 'start', model: 'n', data: 'e' }).activity, undefined);
});
