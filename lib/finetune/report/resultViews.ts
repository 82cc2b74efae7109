// What a fine-tune shows: the layer plan, curves, accuracy, confusion matrix and sample
// predictions, as Displayables (kernel/views) so that a notebook cell, the CLI's report and the
// wizard draw the same outputs.

import * as tf from '@tensorflow/tfjs';
import { MIME } from '../../../common/outputs';
import { DISPLAY, displayable, type Displayable } from '../../views/displayable';
import { confusionMatrix, imageGrid, table } from '../../views/views';
import type { Dataset } from '../data/dataset';
import { pickSamples, type Evaluation } from '../training/accuracy';
import { classCounts } from '../data/labels';
import type { PreparedModel } from '../model/prepareModel';
import type { DatasetSplit, Examples } from '../data/split';
import type { TrainResult } from '../training/train';
import { formatDuration } from '../../../common/duration';
import { trainingPayload } from '../../training/trainingRecorder';

export const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;

/** A few lines on the data: where from, the classes with their counts, the split, loader notes. */
export function describeData(dataset: Dataset, split: DatasetSplit): string {
  const counts = classCounts(dataset.classIds, dataset.classNames.length);
  return [
    dataset.description,
    `${dataset.classNames.length} classes: ${dataset.classNames.map((name, id) => `${name} (${counts[id]})`).join(', ')}`,
    `${split.train.classIds.length} examples to train on, ${split.validation.classIds.length} held out for validation (stratified by class)`,
    ...dataset.notes,
  ].join('\n');
}

/** The layers with what happens to each: frozen, learning, or new. */
export function layerTable(prepared: PreparedModel): Displayable {
  const rows = prepared.layers.map((l) => [l.name, l.className, l.params, l.params === 0 ? '–' : l.isNew ? 'new, learns' : l.trainable ? 'learns' : 'frozen']);
  const view = table(['layer', 'type', 'weights', 'fine-tuning'], rows);
  return addNotes(view, prepared.notes);
}

function addNotes(view: Displayable, notes: string[]): Displayable {
  const bundle = view[DISPLAY]();
  const [markdown, plain] = [String(bundle['text/markdown'] ?? ''), String(bundle['text/plain'] ?? '')];
  const extra = notes.map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}.`);
  return displayable({ 'text/markdown': [markdown, '', ...extra].join('\n'), 'text/plain': [plain, '', ...extra].join('\n') });
}

/** The training curves (loss and accuracy per batch, validation per epoch). */
export function curves(result: Pick<TrainResult, 'run' | 'message' | 'seconds'>): Displayable {
  const last = result.run.epochEnds[result.run.epochEnds.length - 1]?.values ?? {};
  const figures = ['loss', 'acc', 'val_loss', 'val_acc'].filter((k) => last[k] !== undefined).map((k) => `${k} ${last[k]!.toFixed(4)}`);
  const text = `${result.run.name}: ${result.run.epochEnds.length} of ${result.run.epochs} epochs in ${formatDuration(result.seconds)}${figures.length ? `, last epoch ${figures.join(', ')}` : ''}\n${result.message}`;
  return displayable({ [MIME.training]: trainingPayload(result.run), 'text/plain': text });
}

export function accuracyTable(before: Evaluation, after: Evaluation, examples: number): Displayable {
  return table(
    ['', 'validation accuracy', `correct of ${examples}`],
    [
      ['before fine-tuning', percent(before.accuracy), Math.round(before.accuracy * examples)],
      ['after fine-tuning', percent(after.accuracy), Math.round(after.accuracy * examples)],
    ],
  );
}

export function confusion(evaluation: Evaluation, examples: Examples, classNames: string[]): Displayable {
  return confusionMatrix(examples.classIds, evaluation.predicted, classNames, 'validation examples after fine-tuning');
}

/** Validation examples with their label and prediction: pictures when the data are images, a table otherwise. */
export function samplePredictions(examples: Examples, evaluation: Evaluation, dataset: Pick<Dataset, 'classNames' | 'image' | 'describeExample'>, count = 16): Displayable {
  const picked = pickSamples(examples.classIds, evaluation.predicted, count);
  const labels = picked.map((i) => dataset.classNames[examples.classIds[i]!]!);
  const predicted = picked.map((i) => dataset.classNames[evaluation.predicted[i]!]!);
  const predictions = picked.map((i, k) => `${predicted[k]} (${percent(evaluation.confidence[i]!)})`);
  const title = 'sample validation predictions (label → prediction)';
  const layout = dataset.image;
  if (layout) {
    const images = tf.tidy(() => tf.gather(examples.xs, tf.tensor1d(picked, 'int32')).reshape([picked.length, layout.height, layout.width, layout.channels]) as tf.Tensor4D);
    try {
      // The grid marks an image right when its prediction equals its label, so both are bare class names.
      return imageGrid(images, { labels, predictions: predicted, title });
    } finally {
      images.dispose();
    }
  }
  return table(
    ['example', 'label', 'prediction'],
    picked.map((i, k) => [dataset.describeExample(examples.indices[i]!), labels[k]!, predictions[k]!]),
  );
}
