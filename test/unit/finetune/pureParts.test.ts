// The pure parts of the fine-tune: settings, layer plans, command-line options, output-folder
// names, training records and sample picking.
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { commandLine, parseFinetuneArgs } from '../../../lib/finetune/args';
import { pickSamples } from '../../../lib/finetune/training/accuracy';
import { encodeLabels } from '../../../lib/finetune/data/labels';
import { checkOutputFolder, nextOutputFolder } from '../../../lib/finetune/report/outputFolder';
import { STRATEGY_DEFAULTS, planTrainable, resolveSettings } from '../../../lib/finetune/model/strategy';
import { formatDuration } from '../../../common/duration';
import { etaSeconds, formatEpoch } from '../../../lib/finetune/training/progressText';

test('each strategy has its own defaults; given settings win; bad ones are refused with the flag to use', () => {
  assert.deepEqual(resolveSettings(), { strategy: 'head', ...STRATEGY_DEFAULTS.head, validation: 0.2, seed: 42 });
  assert.ok(STRATEGY_DEFAULTS.all.learningRate < STRATEGY_DEFAULTS['last-n'].learningRate && STRATEGY_DEFAULTS['last-n'].learningRate < STRATEGY_DEFAULTS.head.learningRate);
  assert.equal(resolveSettings({ strategy: 'all', epochs: 3 }).learningRate, 1e-4);
  assert.equal(resolveSettings({ strategy: 'all', epochs: 3 }).epochs, 3);
  assert.throws(() => resolveSettings({ epochs: 0 }), /epochs must be a whole number of 1 or more, not 0\n  how to fix: pass --epochs 1 or more/);
  assert.throws(() => resolveSettings({ learningRate: -1 }), /learning rate must be a positive number/);
  assert.throws(() => resolveSettings({ strategy: 'some' as never }), /unknown strategy "some"/);
});

test('layer plans: head trains the last layer with weights, last-n counts only layers with weights, all trains all', () => {
  const weights = [0, 100, 0, 50, 10]; // flatten, dense, dropout, dense, dense
  assert.deepEqual(planTrainable(weights, 'head', 1), [true, false, true, false, true]);
  assert.deepEqual(planTrainable(weights, 'last-n', 2), [true, false, true, true, true]);
  assert.deepEqual(planTrainable(weights, 'all', Infinity), [true, true, true, true, true]);
  assert.throws(() => planTrainable(weights, 'last-n', 4), /--layers 4 asks for more layers than the model has with weights \(3\)/);
});

test('labels found become classes in numeric order; empty labels are named', () => {
  const encoded = encodeLabels(['10', '9', '10', '2'], { describeExample: (i) => `row ${i}` });
  assert.deepEqual(encoded.classNames, ['2', '9', '10']);
  assert.deepEqual(Array.from(encoded.classIds), [2, 1, 2, 0]);
  assert.throws(() => encodeLabels(['a', ' '], { describeExample: (i) => `row ${i}`, file: 'f.csv' }), /^Error|f\.csv: row 1 has an empty label/);
});

test('command-line options parse into settings and a run is written back as the same command', () => {
  const options = parseFinetuneArgs(['--model', 'm/model.json', '--data', 'my data.csv', '--label-column', 'kind', '--strategy', 'last-n', '--layers', '2', '--lr', '0.01', '--epochs', '4', '--batch-size', '16', '--validation', '0.25', '--patience', '0', '--out', 'o']);
  assert.deepEqual(options.settings, { strategy: 'last-n', layers: 2, learningRate: 0.01, epochs: 4, batchSize: 16, validation: 0.25, patience: 0 });
  assert.equal(options.labelColumn, 'kind');
  assert.equal(options.out, 'o');
  const line = commandLine({ model: options.model, data: options.data, labelColumn: 'kind', settings: resolveSettings(options.settings) });
  assert.equal(line, "tlnb finetune --model m/model.json --data 'my data.csv' --label-column kind --strategy last-n --layers 2 --epochs 4 --lr 0.01 --batch-size 16 --validation 0.25 --patience 0 --seed 42");
  assert.throws(() => parseFinetuneArgs(['--data', 'x']), /--model is missing/);
  assert.throws(() => parseFinetuneArgs(['--model', 'm', '--data', 'd', '--epochs', 'ten']), /--epochs takes a whole number, not "ten"/);
  assert.throws(() => parseFinetuneArgs(['--model', 'm', '--data', 'd', '--colour', 'red']), /Unknown option '--colour'/);
  assert.throws(() => parseFinetuneArgs(['--model', 'm', '--data', 'd', '--format', 'xls']), /unknown --format "xls"/);
  assert.equal(parseFinetuneArgs(['-h']).help, true);
});

test('results go to the first free <data>-finetuned-<n> beside the data, never into the base model or an existing folder', () => {
  const taken = new Set(['/d/digits-finetuned-1', '/d/digits-finetuned-2']);
  assert.equal(nextOutputFolder('/d/digits.csv', (p) => taken.has(p)), '/d/digits-finetuned-3');
  assert.equal(nextOutputFolder('/d/images/', () => false), '/d/images-finetuned-1');
  assert.equal(nextOutputFolder('/d/train-images-idx3-ubyte', () => false), '/d/train-images-idx3-ubyte-finetuned-1');
  assert.throws(() => checkOutputFolder('/m/base', '/m/base', () => false), /base model's folder or inside it/);
  assert.throws(() => checkOutputFolder('/m/base/out', '/m/base', () => false), /base model's folder or inside it/);
  assert.throws(() => checkOutputFolder('/x/out', '/m/base', () => true), /already exists; results are only written to a new folder/);
  assert.doesNotThrow(() => checkOutputFolder('/m/base-2', '/m/base', () => false));
});

test('fine-tune progress text: time left, durations, one line per epoch', () => {
  assert.equal(etaSeconds(10, 5, 20), 30);
  assert.equal(formatDuration(75), '1:15');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatEpoch({ epoch: 2, epochs: 10, values: { loss: 0.5, val_acc: 0.75 }, elapsedSeconds: 12, etaSeconds: 48, best: true }), 'epoch  2/10  loss 0.5000  val_acc 0.7500  0:12, ETA 0:48  (best so far)');
});

test('sample predictions show mistakes first (up to half) and then correct ones', () => {
  // wrong: 1, 3, 5; right: 0, 2, 4
  assert.deepEqual(pickSamples([0, 1, 1, 0, 2, 2], [0, 0, 1, 1, 2, 0], 4), [0, 1, 2, 3]);
  // only one right: the rest of the places go to mistakes
  assert.deepEqual(pickSamples([0, 0, 0, 0, 0], [1, 1, 1, 1, 0], 4), [0, 1, 2, 4]);
});

test('an --out that is a link, even one that leads nowhere yet, counts as existing and is refused before training', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlnb-out-link-'));
  const out = join(dir, 'out');
  symlinkSync(join(dir, 'elsewhere', 'victim'), out);
  assert.throws(() => checkOutputFolder(out, undefined), /out: the output folder already exists \(as a link\); results are only written to a new folder/);
});
