// Training with model.fit and one callback that reports progress, honours cancellation at the
// next batch, stops on a NaN loss, and stops early keeping the best epoch's weights.

import * as tf from '@tensorflow/tfjs';
import type { DatasetSplit } from '../data/split';
import { lowerRate, type TrainingSettings } from '../model/strategy';
import { TrainingRecorder } from '../../training/trainingRecorder';
import { etaSeconds } from './progressText';
import type { TrainingRun } from '../../../common/outputs';

export interface BatchProgress {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** 1-based within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  accuracy: number;
  elapsedSeconds: number;
  /** Seconds left if every planned epoch runs (early stopping may end sooner). */
  etaSeconds: number;
}

export interface EpochProgress {
  epoch: number;
  epochs: number;
  /** loss, acc, val_loss, val_acc */
  values: Record<string, number>;
  elapsedSeconds: number;
  etaSeconds: number;
  /** True when this epoch has the lowest validation loss so far (its weights are kept). */
  best: boolean;
}

export interface TrainHooks {
  onBatch?(progress: BatchProgress): void;
  onEpoch?(progress: EpochProgress): void;
  /** Aborting stops training at the next batch boundary. */
  signal?: AbortSignal;
}

export type TrainStatus = 'done' | 'early-stopped' | 'cancelled' | 'nan';

export interface TrainResult {
  status: TrainStatus;
  /** Why it ended, in a sentence. */
  message: string;
  epochsRun: number;
  /** The epoch (1-based) whose weights the model holds at the end. */
  bestEpoch?: number;
  run: TrainingRun;
  seconds: number;
  /** Training examples processed per second (validation passes included in the time). */
  samplesPerSecond: number;
}

export function compileForFinetune(model: tf.LayersModel, learningRate: number): void {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
}

export async function trainModel(
  model: tf.LayersModel,
  split: DatasetSplit,
  classCount: number,
  settings: TrainingSettings,
  hooks: TrainHooks = {},
  runName = 'fine-tune',
): Promise<TrainResult> {
  compileForFinetune(model, settings.learningRate);
  const trainCount = split.train.classIds.length;
  const batchesPerEpoch = Math.ceil(trainCount / settings.batchSize);
  const totalSteps = batchesPerEpoch * settings.epochs;
  const recorder = new TrainingRecorder(runName, settings.epochs, batchesPerEpoch);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(split.train.classIds, 'int32'), classCount).toFloat());
  const valYs = tf.tidy(() => tf.oneHot(tf.tensor1d(split.validation.classIds, 'int32'), classCount).toFloat());

  let status = 'done' as TrainStatus;
  let message = `trained ${settings.epochs} epochs`;
  let epoch = 0;
  let stepsDone = 0;
  let samplesDone = 0;
  let epochsRun = 0;
  let bestLoss = Infinity;
  let bestEpoch: number | undefined;
  let bestWeights: tf.Tensor[] | undefined;
  let sinceBest = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const stop = (why: TrainStatus, text: string) => {
    status = why;
    message = text;
    model.stopTraining = true;
  };

  try {
    await model.fit(split.train.xs, ys, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      validationData: [split.validation.xs, valYs],
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async (e) => {
          epoch = e;
        },
        onBatchEnd: async (batch, logs) => {
          const loss = logs?.loss ?? NaN;
          const accuracy = logs?.acc ?? NaN;
          stepsDone++;
          samplesDone += logs?.size ?? 0;
          recorder.batchEnd({ loss, acc: accuracy });
          if (!Number.isFinite(loss)) {
            stop(
              'nan',
              `the loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}, with learning rate ${settings.learningRate}: the weights blew up and training stopped; ` +
                `a lower learning rate, such as ${lowerRate(settings.learningRate)}, usually fixes this`,
            );
            return;
          }
          if (hooks.signal?.aborted) {
            stop('cancelled', `cancelled at epoch ${epoch + 1}, batch ${batch + 1}`);
            return;
          }
          hooks.onBatch?.({
            epoch: epoch + 1,
            epochs: settings.epochs,
            batch: batch + 1,
            batchesPerEpoch,
            loss,
            accuracy,
            elapsedSeconds: elapsed(),
            etaSeconds: etaSeconds(elapsed(), stepsDone, totalSteps),
          });
        },
        onEpochEnd: async (e, logs) => {
          // A run stopped mid-epoch has no validation figures for it: not a finished epoch.
          if (status === 'cancelled' || status === 'nan') return;
          const values = Object.fromEntries(Object.entries(logs ?? {}).map(([k, v]) => [k, Number(v)]));
          recorder.epochEnd(e, logs);
          epochsRun = e + 1;
          const valLoss = values.val_loss ?? NaN;
          if (!Number.isFinite(valLoss)) {
            stop(
              'nan',
              `the validation loss became ${valLoss} after epoch ${e + 1}, with learning rate ${settings.learningRate}: training stopped; ` +
                `a lower learning rate, such as ${lowerRate(settings.learningRate)}, usually fixes this`,
            );
            return;
          }
          const best = valLoss < bestLoss;
          if (best) {
            bestLoss = valLoss;
            bestEpoch = e + 1;
            sinceBest = 0;
            bestWeights?.forEach((w) => w.dispose());
            bestWeights = model.trainableWeights.map((w) => w.read().clone());
          } else {
            sinceBest++;
          }
          hooks.onEpoch?.({ epoch: e + 1, epochs: settings.epochs, values, elapsedSeconds: elapsed(), etaSeconds: etaSeconds(elapsed(), stepsDone, totalSteps), best });
          if (settings.patience > 0 && sinceBest >= settings.patience && e + 1 < settings.epochs) {
            stop('early-stopped', `stopped early after epoch ${e + 1}: the validation loss has not improved for ${settings.patience} epochs since epoch ${bestEpoch}`);
          }
        },
      },
    });
    if ((status === 'done' || status === 'early-stopped') && bestWeights && bestEpoch !== epochsRun) {
      model.trainableWeights.forEach((w, i) => w.write(bestWeights![i]!));
      message += `; the weights of epoch ${bestEpoch} (lowest validation loss) were kept`;
    }
  } finally {
    ys.dispose();
    valYs.dispose();
    bestWeights?.forEach((w) => w.dispose());
    model.stopTraining = false;
  }
  recorder.finish(status === 'cancelled' ? 'stopped' : status === 'nan' ? 'failed' : 'done', message);
  const seconds = elapsed();
  return {
    status,
    message,
    epochsRun,
    ...(bestEpoch !== undefined && status !== 'nan' ? { bestEpoch } : {}),
    run: recorder.snapshot(),
    seconds,
    samplesPerSecond: samplesDone / seconds,
  };
}
