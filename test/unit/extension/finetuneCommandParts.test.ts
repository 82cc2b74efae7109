// The pure parts of "Fine-tune Model…": the models and data sets it offers, how it reads the CLI's
// progress lines, and what its notification says.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROGRESS_PREFIX, fractionDone, parseProgressLine, progressLine, type FinetuneEvent } from '../../../common/finetuneProgress';
import { SAMPLE_DATA_ITEM, dataItems, imageFolders, workspaceRootProblem } from '../../../extension/finetune/dataChoices';
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
      ['Sample data: handwritten digits in a thick pen', 'written into sample-thick-pen-digits/ in your workspace'],
      ['Browse for a folder of images…', ''],
      ['Browse for a CSV file…', ''],
      ['Browse for IDX files…', ''],
    ],
  );
  assert.match(items[0]!.detail!, /2 classes \(rose, tulip\), 2 images/);
  assert.deepEqual(items[0]!.value, { format: 'folder', path: '/w/data/flowers' });
  assert.deepEqual(items[2]!.value, { format: 'idx', path: '/w/mnist/train-images-idx3-ubyte' });
  assert.deepEqual(items[6]!.value, { browse: 'idx' });
});

test('data in a workspace that has none (the samples workspace): the sample data set comes first, so Enter picks it', () => {
  const items = dataItems({ imageFiles: [], csvFiles: [], idxFiles: [] }, '/w', { rootSubfolders: ['models'] });
  assert.deepEqual(items.map((i) => i.label), [SAMPLE_DATA_ITEM.label, 'Browse for a folder of images…', 'Browse for a CSV file…', 'Browse for IDX files…']);
  assert.deepEqual(items[0]!.value, { sample: 'thick-pen-digits' });
  assert.match(items[0]!.detail!, /500 MNIST digits .* one sub-folder per digit/);
  // No folder open: nowhere to write it, so it is not offered.
  assert.ok(!dataItems({ imageFiles: [], csvFiles: [], idxFiles: [] }, undefined).some((i) => 'sample' in i.value));
});

test('data: a sample data set written by an earlier run is listed as found data, and not offered again', () => {
  const imageFiles = ['/w/sample-thick-pen-digits/0/a.png', '/w/sample-thick-pen-digits/1/b.png'];
  const items = dataItems({ imageFiles, csvFiles: [], idxFiles: [] }, '/w', { rootSubfolders: ['sample-thick-pen-digits', 'models'] });
  assert.deepEqual(items[0]!.value, { format: 'folder', path: '/w/sample-thick-pen-digits' });
  assert.ok(!items.some((i) => 'sample' in i.value));
});

test('data: the workspace folder is listed as an image folder only when every sub-folder of it is a class of images', () => {
  // The samples workspace with two folders of pictures beside notebooks' models: not a data set.
  const imageFiles = ['/w/pictures/a.png', '/w/docs/b.png'];
  const mixed = dataItems({ imageFiles, csvFiles: [], idxFiles: [] }, '/w', { rootSubfolders: ['pictures', 'docs', 'models', '.vscode'] });
  assert.ok(!mixed.some((i) => 'path' in i.value && i.value.path === '/w'), mixed.map((i) => i.label).join(' | '));
  assert.equal(mixed[0]!.label, SAMPLE_DATA_ITEM.label);
  // A workspace opened on a data folder itself (hidden folders do not count): listed.
  const data = dataItems({ imageFiles, csvFiles: [], idxFiles: [] }, '/w', { rootSubfolders: ['pictures', 'docs', '.vscode'] });
  assert.deepEqual(data[0]!.value, { format: 'folder', path: '/w' });
});

test('the workspace folder as browsed data: refused with what is wrong and what to pick, unless it is a set of class folders', () => {
  assert.equal(workspaceRootProblem('/w', ['cat', 'dog', '.git'], ['/w/cat/1.png', '/w/dog/2.jpg']), undefined);
  const problem = workspaceRootProblem('/w', ['models', 'digits'], ['/w/digits/5/1.png']);
  assert.match(problem!, /^\/w: the workspace folder itself is not a folder of class folders \(its sub-folders "models", "digits" hold no PNG or JPEG images directly inside\)/);
  assert.match(problem!, /\n  how to fix: pick the folder that holds one sub-folder per class .*"Sample data"/);
  assert.match(workspaceRootProblem('/w', ['cat'], ['/w/cat/1.png'])!, /it has 1 sub-folder of images, and a fine-tune needs two classes or more/);
  assert.match(workspaceRootProblem('/w', [], [])!, /it has 0 sub-folders of images/);
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
