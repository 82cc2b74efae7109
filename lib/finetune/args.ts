// The options of `tlnb finetune`, read from argv and written back as a command line (the report
// shows how to repeat a run). Pure; node:util's parseArgs does the parsing.

import { errorMessage } from '../../common/guards';
import { parseArgs } from 'node:util';
import { finetuneArgv, type DataFormat, type FinetuneRequest } from '../../common/finetuneSettings';
import { FinetuneError } from './errors';
import { STRATEGIES, type FinetuneSettings, type Strategy } from './model/strategy';

export interface CliOptions extends FinetuneRequest {
  help: boolean;
  /** False with --no-local-packages: no optional package is loaded from the working folder or its parents. */
  localPackages: boolean;
}

export const USAGE = `Usage: tlnb finetune --model <folder|model.json> --data <path> [options]

Fine-tunes a saved TensorFlow.js layers model on your data, saves the result to a new folder next to
the data, and writes a report notebook (finetune-report.tlnb) beside the model.

  --model <path>          the base model: a folder with model.json + weights.bin, or the model.json
  --data <path>           a folder of images (one sub-folder per class), a .csv file, or an IDX images file
                          (plain or gzip-compressed .gz)
  --format <kind>         idx, csv or folder (told apart automatically when left out)
  --labels <file>         IDX: the labels file (default: the images file's name with "labels" for "images")
  --label-column <name>   CSV: the column holding the class (default: label, class, target, y or category)
  --classes <n>           labels are class ids 0..n-1 (checked); default: the labels found are the classes
  --strategy <s>          head (default: only the output layer learns), last-n, or all
  --layers <n>            last-n: how many of the last layers with weights learn (default 2)
  --epochs <n>            default per strategy: head 10, last-n 10, all 8
  --lr <rate>             learning rate (Adam); default head 0.01, last-n 0.001, all 0.0001
  --batch-size <n>        default 32
  --validation <f>        fraction of each class held out to measure accuracy (default 0.2)
  --patience <n>          stop after n epochs without a lower validation loss (default 3; 0: never)
  --seed <n>              fixes the validation split and the new layer's initial weights (default 42)
  --out <folder>          where to save (must not exist; default <data>-finetuned-<n> beside the data)
  --backend <name>        TensorFlow.js backend: auto (default) or one of tensorflow-gpu, tensorflow, webgpu, wasm, cpu
  --no-local-packages     load nothing from node_modules in the current folder or its parents (see below)
  -h, --help              show this text

Files are checked before they are read: weights only from the model's folder, no links out of the
data folder, sizes against a memory budget of 256 MiB (set TLNB_MEMORY_BUDGET_MB to change it).
Outside VS Code, @tensorflow/tfjs-node(-gpu) and webgpu are loaded from node_modules in the current
folder and its parents when installed there, and loading a package runs its code: in a folder you do
not trust, pass --no-local-packages (only the packages that came with tlnb are used). See docs/security.md.`;

function number(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new FinetuneError('settings', `--${name} takes ${integer ? 'a whole number' : 'a number'}, not "${text}"`, `for example --${name} ${integer ? '10' : '0.001'}`);
  }
  return value;
}

function isDataFormat(value: string): value is DataFormat {
  return value === 'idx' || value === 'csv' || value === 'folder';
}

function isStrategy(value: string): value is Strategy {
  return STRATEGIES.some((s) => s === value);
}

export function parseFinetuneArgs(argv: string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        data: { type: 'string' },
        format: { type: 'string' },
        labels: { type: 'string' },
        'label-column': { type: 'string' },
        classes: { type: 'string' },
        strategy: { type: 'string' },
        layers: { type: 'string' },
        epochs: { type: 'string' },
        lr: { type: 'string' },
        'batch-size': { type: 'string' },
        validation: { type: 'string' },
        patience: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        backend: { type: 'string' },
        'no-local-packages': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new FinetuneError('settings', errorMessage(error), 'run "tlnb finetune --help" for the options');
  }
  const text = (key: string): string | undefined => {
    const value = values[key];
    return typeof value === 'string' ? value : undefined;
  };
  if (values.help) return { model: '', data: '', settings: {}, help: true, localPackages: true };
  for (const required of ['model', 'data']) {
    if (!text(required)) throw new FinetuneError('settings', `--${required} is missing`, `pass --${required} <path>; run "tlnb finetune --help" for the options`);
  }
  const format = text('format');
  if (format !== undefined && !isDataFormat(format)) {
    throw new FinetuneError('settings', `unknown --format "${format}"`, 'use idx, csv or folder');
  }
  const strategy = text('strategy');
  if (strategy !== undefined && !isStrategy(strategy)) {
    throw new FinetuneError('settings', `unknown --strategy "${strategy}"`, `use one of ${STRATEGIES.join(', ')}`);
  }
  const settings: Partial<FinetuneSettings> = {};
  const set = <K extends keyof FinetuneSettings>(key: K, value: FinetuneSettings[K] | undefined) => {
    if (value !== undefined) settings[key] = value;
  };
  set('strategy', strategy);
  set('layers', number('layers', text('layers'), true));
  set('epochs', number('epochs', text('epochs'), true));
  set('learningRate', number('lr', text('lr'), false));
  set('batchSize', number('batch-size', text('batch-size'), true));
  set('validation', number('validation', text('validation'), false));
  set('patience', number('patience', text('patience'), true));
  set('seed', number('seed', text('seed'), true));
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    model: text('model')!,
    data: text('data')!,
    ...optional('format', format),
    ...optional('labels', text('labels')),
    ...optional('labelColumn', text('label-column')),
    ...optional('classes', number('classes', text('classes'), true)),
    settings,
    ...optional('out', text('out')),
    ...optional('backend', text('backend')),
    help: false,
    localPackages: values['no-local-packages'] !== true,
  };
}

/** A shell command line that repeats a run (each value quoted when it needs to be). */
export function commandLine(request: FinetuneRequest & { settings: FinetuneSettings }): string {
  const quote = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ['tlnb finetune', ...finetuneArgv(request).map(quote)].join(' ');
}
