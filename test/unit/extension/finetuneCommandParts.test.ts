// The pure parts of "Fine-tune Model…": the models and data sets it offers, how it reads the CLI's
// progress lines, and what its notification says.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROGRESS_PREFIX, fractionDone, parseProgressLine, progressLine, type FinetuneEvent } from '../../../common/finetuneProgress';
import { dataItems, imageFolders } from '../../../extension/finetune/dataChoices';
import { percentDone, progressMessage, resultSummary, withEvent, withLine } from '../../../extension/finetune/progressText';
import { modelItems } from '../../../extension/finetune/modelChoices';

test('models: the workspace\'s first, then the samples\' pretrained models, then Browse…', () => {
  const items = modelItems(['/w/samples/models/mnist-mlp/model.json', '/w/mine/model.json'], '/w', ['/ext/samples/models/mnist-mlp/model.json', '/ext/samples/models/ch06-mnist-mlp/model.json']);
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['mine', 'mine/model.json'],
      ['mnist-mlp', 'samples/models/mnist-mlp/model.json'],
      ['ch06-mnist-mlp', 'pretrained sample model shipped with tlnb'],
      ['mnist-mlp', 'pretrained sample model shipped with tlnb'],
      ['Browse…', 'a model.json elsewhere'],
    ],
  );
  assert.deepEqual(items[2]!.value, { kind: 'sample', path: '/ext/samples/models/ch06-mnist-mlp/model.json' });
  assert.match(items[2]!.detail!, /copied into your workspace .* so the report repeats from the workspace/);
  assert.deepEqual(items.at(-1)!.value, { kind: 'browse' });
});

test('image folders: the parent of two or more class folders, with its classes and image count', () => {
  const found = imageFolders([
    '/w/digits/5/1.png',
    '/w/digits/5/2.png',
    '/w/digits/10/3.png',
    '/w/digits/6/4.jpg',
    '/w/photos/cat.jpg', // one class folder ("photos") under /w: not a data set
    '/w/docs/images/a.png', // one class folder ("images") under /w/docs
  ]);
  assert.deepEqual(found, [{ folder: '/w/digits', classes: ['5', '6', '10'], images: 4 }]);
});

test('data: folders of images, CSV files and IDX image files found, then one Browse per kind', () => {
  const items = dataItems(
    {
      imageFiles: ['/w/data/flowers/rose/1.jpg', '/w/data/flowers/tulip/2.jpg'],
      csvFiles: ['/w/iris.csv'],
      idxFiles: ['/w/mnist/train-images-idx3-ubyte', '/w/mnist/train-labels-idx1-ubyte', '/w/mnist/t10k-images-idx3-ubyte.gz'],
    },
    '/w',
  );
  assert.deepEqual(
    items.map((i) => [i.label, i.description ?? '']),
    [
      ['flowers', 'data/flowers'],
      ['iris.csv', 'iris.csv'],
      ['train-images-idx3-ubyte', 'mnist/train-images-idx3-ubyte'],
      ['Browse for a folder of images…', ''],
      ['Browse for a CSV file…', ''],
      ['Browse for IDX files…', ''],
    ],
  );
  assert.match(items[0]!.detail!, /2 classes \(rose, tulip\), 2 images/);
  assert.deepEqual(items[0]!.value, { format: 'folder', path: '/w/data/flowers' });
  assert.deepEqual(items[2]!.value, { format: 'idx', path: '/w/mnist/train-images-idx3-ubyte' });
  assert.deepEqual(items[5]!.value, { browse: 'idx' });
});

const batch = (epoch: number, b: number): Extract<FinetuneEvent, { type: 'batch' }> => ({
  type: 'batch',
  text: `epoch ${epoch}/4  batch ${b}/10`,
  epoch,
  epochs: 4,
  batch: b,
  batchesPerEpoch: 10,
  loss: 0.41234,
  etaSeconds: 75,
});

test('progress lines: written and read back; lines for people and unknown events are not events', () => {
  const event = batch(2, 5);
  const line = progressLine(event);
  assert.ok(line.startsWith(PROGRESS_PREFIX));
  assert.deepEqual(parseProgressLine(line), event);
  assert.equal(parseProgressLine('backend: wasm'), undefined);
  assert.equal(parseProgressLine(`${PROGRESS_PREFIX}{"text":"an older CLI"}`), undefined);
  assert.equal(parseProgressLine(`${PROGRESS_PREFIX}{not json`), undefined);
  assert.equal(fractionDone(event), 15 / 40);
});

test('the notification: what is being done until training starts, then epoch, loss, val acc, ETA and backend', () => {
  let view = withEvent({}, { type: 'backend', name: 'wasm' });
  assert.equal(progressMessage(view), 'starting… · backend wasm');
  view = withLine(view, 'loading the data /w/digits');
  assert.equal(progressMessage(view), 'loading the data /w/digits · backend wasm');
  view = withEvent(view, batch(1, 10));
  assert.equal(progressMessage(view), 'epoch 1/4 · loss 0.4123 · ETA 1:15 · backend wasm');
  view = withEvent(view, { type: 'epoch', text: '', epoch: 1, epochs: 4, values: { loss: 0.4, val_acc: 0.8125 }, etaSeconds: 75 });
  view = withEvent(view, batch(2, 5));
  assert.equal(progressMessage(view), 'epoch 2/4 · loss 0.4123 · val acc 81.3% · ETA 1:15 · backend wasm');
  assert.equal(percentDone(view), 38);
});

test('the closing message names the accuracy before and after and the folder', () => {
  assert.equal(
    resultSummary({ type: 'result', status: 'done', message: 'trained 2 epochs', beforeAccuracy: 0.05, afterAccuracy: 0.65, outDir: '/w/digits-finetuned-1' }, 'digits-finetuned-1'),
    'Fine-tuned (trained 2 epochs): validation accuracy 5.0% → 65.0%. The model and its report are in digits-finetuned-1.',
  );
});
