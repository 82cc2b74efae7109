// The live training output reads a fit's metrics at display rate, not every batch (issue 18: a
// read waits for the device to finish the step; on a GPU every batch's read keeps it from queueing
// the next ones), and still records every batch's values, and leaves no tensor behind.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { TrainingPayload } from '../../../common/outputs';
import { MIME } from '../../../common/outputs';
import { installLiveTraining, UPDATES_PER_SECOND, type ActiveFit, type LiveTrainingHost } from '../../../lib/training/liveTraining';
import type { MimeBundle } from '../../../lib/display/mimeBundle';
import type { Tf } from '../../../lib/tfInstance';

const BATCHES = 120;

/** A host that keeps the last training output; fits are recorded for the interrupt test. */
function host(): LiveTrainingHost & { last(): TrainingPayload | undefined; fits: ActiveFit[] } {
  let last: MimeBundle | undefined;
  const fits: ActiveFit[] = [];
  return {
    show(bundle) {
      last = bundle;
      return { update: (next) => void (last = next) };
    },
    fitStarted: (fit) => void fits.push(fit),
    fitEnded: () => undefined,
    interruptedError: (message) => new Error(message),
    last: () => last?.[MIME.training] as TrainingPayload | undefined,
    fits,
  };
}

function slowModel(): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mse'] });
  return model;
}

// tlnb installs the live output once per tfjs (on LayersModel's prototype), with one host.
const live = host();
installLiveTraining(tf as unknown as Tf, live);

test('a fit\'s metrics are read in a few bursts at display rate, every batch is still recorded, and no tensor is left', async () => {
  await tf.setBackend('cpu');
  const model = slowModel();
  const x = tf.randomNormal([BATCHES * 4, 4]);
  const y = tf.randomNormal([BATCHES * 4, 1]);

  // Which batch each read of a tensor's data happens in: a burst is one read of the device.
  let batch = -1;
  const readsIn = new Set<number>();
  const data = tf.Tensor.prototype.data;
  tf.Tensor.prototype.data = function (this: tf.Tensor) {
    readsIn.add(batch);
    return data.call(this) as never;
  } as typeof data;
  const counter = new (class extends tf.Callback {
    override async onBatchBegin(index: number): Promise<void> {
      batch = index;
      // About 2 ms a batch, so that the fit lasts several display periods.
      const until = performance.now() + 2;
      while (performance.now() < until);
    }
  })();
  const before = tf.memory().numTensors;
  const started = performance.now();
  try {
    await model.fit(x, y, { batchSize: 4, epochs: 1, callbacks: [counter] });
  } finally {
    tf.Tensor.prototype.data = data;
  }
  const seconds = (performance.now() - started) / 1000;
  const run = live.last()!.runs[0]!;
  assert.equal(run.status, 'done');
  assert.equal(run.batches.length, BATCHES, 'every batch is recorded');
  assert.ok(run.batches.every((b) => Number.isFinite(b.values['loss']) && Number.isFinite(b.values['mse'])), 'each batch has its values');
  // The old callback read every batch (120 bursts); at display rate it is one burst a period.
  const periods = Math.ceil(seconds * UPDATES_PER_SECOND);
  assert.ok(readsIn.size <= periods + 3 && readsIn.size < BATCHES / 4, `read in ${readsIn.size} of ${BATCHES} batches in ${seconds.toFixed(2)} s; at display rate that is about ${periods}`);
  assert.ok(readsIn.size >= 2, 'the values were read while training ran, not only at the end');
  assert.equal(tf.memory().numTensors, before, 'no tensor is left behind');
});

test('an interrupt still stops the fit at the next batch, with the batches so far recorded', async () => {
  await tf.setBackend('cpu');
  const model = slowModel();
  const x = tf.randomNormal([400, 4]);
  const y = tf.randomNormal([400, 1]);
  const stop = new (class extends tf.Callback {
    override async onBatchEnd(index: number): Promise<void> {
      if (index === 9) live.fits.at(-1)!.stopRequested = true;
    }
  })();
  const before = tf.memory().numTensors;
  await assert.rejects(model.fit(x, y, { batchSize: 4, epochs: 3, callbacks: [stop] }), /training stopped after \d+ complete epoch\(s\) and 10 batch\(es\)/);
  const run = live.last()!.runs[0]!;
  assert.equal(run.status, 'stopped');
  assert.equal(run.batches.length, 10, 'the batches up to the one the interrupt came in are recorded');
  assert.equal(tf.memory().numTensors, before, 'no tensor is left behind');
});
