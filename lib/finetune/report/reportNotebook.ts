// The report notebook: the run as code cells a user can run again (the same `finetune` calls the
// run made, in the same order, with the chosen settings), each holding the output the run produced.
// Pure: the run hands over its results; this only arranges them.

import { type CellFile, type NotebookFile, type OutputFile } from '../../../common/format';
import { DISPLAY, type Displayable } from '../../views/displayable';
import type { DataSource } from '../data/dataset';
import type { FinetuneSettings } from '../model/strategy';

export const REPORT_FILE = 'finetune-report.tlnb';

/** What a cell printed (stdout) or displayed (a MIME bundle). */
export type CellOutput = string | Displayable;

export interface ReportInput {
  settings: FinetuneSettings;
  /** The model.json the code reloads: the original, or a copy in the output folder for a model that came from memory. */
  baseFile: string;
  /** Where the base model came from, in words ("/x/model.json", "the notebook variable `model`"). */
  baseDescription: string;
  source: DataSource;
  classCount?: number;
  outDir: string;
  backend: string;
  /** The `tlnb finetune` command that repeats the run. */
  commandLine: string;
  startedAt: Date;
  endedAt: Date;
  beforeAccuracy: number;
  afterAccuracy: number;
  validationCount: number;
  trainMessage: string;
  outputs: {
    setup: string;
    data: string;
    layers: Displayable;
    before: string;
    epochs: string;
    curves: Displayable;
    accuracy: Displayable;
    confusion: Displayable;
    samples: Displayable;
    saved: string;
  };
}

const utf8 = new TextEncoder();
const literal = (value: unknown) => JSON.stringify(value);

function outputOf(value: CellOutput): OutputFile {
  if (typeof value === 'string') {
    return { metadata: {}, items: [{ mime: 'application/vnd.code.notebook.stdout', data: utf8.encode(value.endsWith('\n') ? value : `${value}\n`), extra: {} }], extra: {} };
  }
  const bundle = value[DISPLAY]();
  // Rich items first, text/plain last: viewers show the first item they can draw.
  const mimes = Object.keys(bundle).sort((a, b) => Number(a === 'text/plain') - Number(b === 'text/plain'));
  return {
    metadata: {},
    items: mimes.map((mime) => {
      const data = bundle[mime];
      return { mime, data: utf8.encode(typeof data === 'string' ? data : JSON.stringify(data)), extra: {} };
    }),
    extra: {},
  };
}

function markdown(source: string): CellFile {
  return { kind: 'markdown', language: 'markdown', source, metadata: {}, outputs: [], extra: {} };
}

function code(source: string, outputs: CellOutput[], order: number): CellFile {
  return { kind: 'code', language: 'typescript', source, metadata: {}, outputs: outputs.map(outputOf), execution: { order, success: true }, extra: {} };
}

const pct = (f: number) => `${(100 * f).toFixed(1)}%`;

export function buildReport(input: ReportInput): NotebookFile {
  const s = input.settings;
  const o = input.outputs;
  const settingsLiteral = `{ strategy: ${literal(s.strategy)}, layers: ${Number.isFinite(s.layers) ? s.layers : 'Infinity'}, epochs: ${s.epochs}, learningRate: ${s.learningRate}, batchSize: ${s.batchSize}, patience: ${s.patience}, validation: ${s.validation}, seed: ${s.seed} }`;
  const loadOptions = `{ inputShape: base.inputShape${input.classCount !== undefined ? `, classCount: ${input.classCount}` : ''} }`;
  const seconds = Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 1000);
  const cells: CellFile[] = [
    markdown(
      [
        '# Fine-tune report',
        '',
        `Fine-tuned **${input.baseDescription}** on **${input.source.format === 'idx' ? input.source.images : input.source.path}** ` +
          `on ${input.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC (${seconds} s, backend \`${input.backend}\`).`,
        '',
        '| | |',
        '| --- | --- |',
        `| validation accuracy | ${pct(input.beforeAccuracy)} before → **${pct(input.afterAccuracy)}** after (${input.validationCount} examples) |`,
        `| strategy | \`${s.strategy}\`${s.strategy === 'last-n' ? ` (${s.layers} layers)` : ''} |`,
        `| settings | ${s.epochs} epochs, learning rate ${s.learningRate}, batch ${s.batchSize}, early-stopping patience ${s.patience}, validation ${s.validation}, seed ${s.seed} |`,
        `| training | ${input.trainMessage} |`,
        `| saved model | \`${input.outDir}\` |`,
        '',
        'The cells below are the run, step by step, with the outputs it produced. Run them again to repeat it',
        '(the model is then saved to another new folder), or repeat it from a terminal with:',
        '',
        '```sh',
        input.commandLine,
        '```',
      ].join('\n'),
    ),
    code(
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import { display, finetune, models } from 'tlnb';",
        '',
        'console.log(`backend: ${tf.getBackend()}`);',
        `const settings = finetune.resolveSettings(${settingsLiteral});`,
      ].join('\n'),
      [o.setup],
      1,
    ),
    markdown('## The base model and the data\n\nThe data are split into training and validation examples, seeded and stratified by class.'),
    code(
      [
        `const base = await finetune.loadBaseModel(${literal(input.baseFile)});`,
        `const dataset = finetune.fitToModel(finetune.loadDataset(${literal(input.source)}, ${loadOptions}), base);`,
        'const split = finetune.splitDataset(dataset, settings.validation, settings.seed);',
        'console.log(finetune.describeData(dataset, split));',
      ].join('\n'),
      [o.data],
      2,
    ),
    markdown('## What learns\n\nFrozen layers keep their pretrained weights; the others learn.'),
    code(['const prepared = await finetune.prepareModel(base, dataset.classNames.length, settings);', 'display(finetune.layerTable(prepared));'].join('\n'), [o.layers], 3),
    code(
      [
        'const before = finetune.evaluate(prepared.model, split.validation, dataset.classNames.length);',
        'console.log(`validation accuracy before fine-tuning: ${finetune.percent(before.accuracy)}`);',
      ].join('\n'),
      [o.before],
      4,
    ),
    markdown('## Training'),
    code(
      [
        'const result = await finetune.train(prepared.model, split, dataset.classNames.length, settings, {',
        '  onEpoch: (progress) => console.log(finetune.formatEpoch(progress)),',
        '});',
        'display(finetune.curves(result));',
      ].join('\n'),
      [o.epochs, o.curves],
      5,
    ),
    markdown('## Results on the validation examples'),
    code(
      [
        'const after = finetune.evaluate(prepared.model, split.validation, dataset.classNames.length);',
        'display(finetune.accuracyTable(before, after, split.validation.classIds.length));',
        'display(finetune.confusion(after, split.validation, dataset.classNames));',
      ].join('\n'),
      [o.accuracy, o.confusion],
      6,
    ),
    code('display(finetune.samplePredictions(split.validation, after, dataset));', [o.samples], 7),
    markdown('## Saving\n\nAlways to a new folder next to the data: the base model is never overwritten.'),
    code(
      [
        'const out = finetune.nextOutputFolder(finetune.dataPathOf(dataset.source));',
        'await prepared.model.save(models.fileModelIO(out));',
        'console.log(`saved the fine-tuned model to ${out}`);',
      ].join('\n'),
      [o.saved],
      8,
    ),
  ];
  return { metadata: { tlnb: { generatedBy: 'tlnb finetune', finetune: { ...s, layers: Number.isFinite(s.layers) ? s.layers : null } } }, cells, extra: {} };
}
