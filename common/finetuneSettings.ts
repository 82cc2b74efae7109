// The fine-tune's settings, their defaults per strategy, and the `tlnb finetune` command line a
// choice of them makes. Pure and shared: the kernel runs with these defaults, and the extension's
// wizard offers them and turns the user's choices into the command line the kernel process runs.

export const STRATEGIES = ['head', 'last-n', 'all'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface TrainingSettings {
  epochs: number;
  /** Adam's step size. */
  learningRate: number;
  batchSize: number;
  /** Stop after this many epochs without a lower validation loss, keeping the best weights; 0 turns it off. */
  patience: number;
}

export interface FinetuneSettings extends TrainingSettings {
  strategy: Strategy;
  /** last-n only: how many of the last layers that hold weights learn. */
  layers: number;
  /** Fraction of each class held out to measure accuracy. */
  validation: number;
  /** Fixes the validation split and the new output layer's initial weights. */
  seed: number;
}

/**
 * Starting points that work without tuning on small and medium data sets (hundreds to tens of
 * thousands of examples), the usual size for fine-tuning:
 *
 * - head: only the output layer learns, on fixed features, so nothing learned before can be
 *   damaged and what is left is a convex problem (softmax regression on those features): a high
 *   Adam rate of 1e-2 is safe there and converges in a few epochs (1e-3 needed three times the
 *   epochs for the same accuracy on MNIST digits 5-9 over features learned on 0-4).
 * - last-n: hidden layers move too, so Adam's standard 1e-3: fast enough for the new head, small
 *   enough that the moving layers stay close to their pretrained weights.
 * - all: every weight moves, and a large rate would wipe out the pretrained features in the first
 *   epochs (catastrophic forgetting), so 1e-4, and fewer epochs because all layers fit quickly and
 *   then overfit a small data set.
 *
 * Batch 32 gives enough steps per epoch on a few hundred examples and fits any machine. Early
 * stopping watches the validation loss with a patience of a few epochs (noisy on small validation
 * sets, so not 1) and restores the best epoch's weights, so a generous epoch count costs little.
 */
export const STRATEGY_DEFAULTS: Record<Strategy, TrainingSettings & { layers: number }> = {
  head: { epochs: 10, learningRate: 1e-2, batchSize: 32, patience: 3, layers: 1 },
  'last-n': { epochs: 10, learningRate: 1e-3, batchSize: 32, patience: 3, layers: 2 },
  all: { epochs: 8, learningRate: 1e-4, batchSize: 32, patience: 2, layers: Infinity },
};

/** A fifth held out is the usual trade between training data and a stable accuracy figure. */
export const DEFAULT_VALIDATION = 0.2;
export const DEFAULT_SEED = 42;

/**
 * Which layers learn: true for each layer that is trainable. Only layers that hold weights count
 * for "last N" (Flatten or Dropout have nothing to learn); layers without weights are marked
 * trainable, which changes nothing. `lastN` beyond the layers with weights means all of them.
 */
export function trainablePlan(weightCounts: readonly number[], strategy: Strategy, lastN: number): boolean[] {
  const weighted = weightCounts.flatMap((n, i) => (n > 0 ? [i] : []));
  const learning = strategy === 'all' ? weighted.length : strategy === 'head' ? 1 : Math.min(lastN, weighted.length);
  const trainable = new Set(weighted.slice(weighted.length - learning));
  return weightCounts.map((n, i) => n === 0 || trainable.has(i));
}

/** What each strategy does, in the words the wizard and the help text use. */
export const STRATEGY_DESCRIPTIONS: Record<Strategy, { label: string; detail: string }> = {
  head: { label: 'New head only', detail: 'only the output layer learns; the rest keeps its pretrained weights (fast, safe on little data)' },
  'last-n': { label: 'Last N layers', detail: 'the last few layers with weights learn; earlier ones stay frozen' },
  all: { label: 'All layers', detail: 'every weight learns, slowly (needs more data; best when your data differ a lot from the original)' },
};

export type DataFormat = 'idx' | 'csv' | 'folder';

/** One fine-tune, as the wizard or a command line asks for it. */
export interface FinetuneRequest {
  /** A model folder or its model.json. */
  model: string;
  /** A folder of class folders, a .csv file, or an IDX images file. */
  data: string;
  format?: DataFormat;
  /** IDX: the labels file. */
  labels?: string;
  /** CSV: the label column. */
  labelColumn?: string;
  /** Labels are class ids 0..classes-1. */
  classes?: number;
  /** Only the settings chosen; the rest take the strategy's defaults. */
  settings: Partial<FinetuneSettings>;
  out?: string;
  backend?: string;
}

/** The arguments of `tlnb finetune` for a request (after the word "finetune"). */
export function finetuneArgv(request: FinetuneRequest): string[] {
  const s = request.settings;
  const pairs: Array<[string, string | number | undefined]> = [
    ['--model', request.model],
    ['--data', request.data],
    ['--format', request.format],
    ['--labels', request.labels],
    ['--label-column', request.labelColumn],
    ['--classes', request.classes],
    ['--strategy', s.strategy],
    ['--layers', s.strategy === 'last-n' ? s.layers : undefined],
    ['--epochs', s.epochs],
    ['--lr', s.learningRate],
    ['--batch-size', s.batchSize],
    ['--validation', s.validation],
    ['--patience', s.patience],
    ['--seed', s.seed],
    ['--out', request.out],
    ['--backend', request.backend],
  ];
  return pairs.flatMap(([flag, value]) => (value === undefined ? [] : [flag, String(value)]));
}

/** Column names taken as the CSV label column when none is named. */
export const LABEL_COLUMN_NAMES = ['label', 'labels', 'class', 'target', 'y', 'category'];

/** MNIST's naming: the labels file of "train-images-idx3-ubyte" is "train-labels-idx1-ubyte"; undefined when the name says nothing. */
export function labelsFileNameFor(imagesFileName: string): string | undefined {
  const guess = imagesFileName.replace('images-idx3', 'labels-idx1').replace('images', 'labels');
  return guess === imagesFileName ? undefined : guess;
}

/**
 * The folder the fine-tune's sample data set is written to when asked for (lib/finetune/data/
 * sampleDigits.ts: chapter 6's thick-pen MNIST digits, one sub-folder per digit), then -2, -3….
 */
export const SAMPLE_DIGITS_FOLDER = 'sample-thick-pen-digits';
