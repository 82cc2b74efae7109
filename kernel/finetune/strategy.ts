// Which layers learn, and the settings each strategy starts from. Pure; one place for the defaults.

import { FinetuneError } from './errors';

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

/** A tenth of a learning rate, written plainly (1e-3 → 0.0001, not 0.00010000000000000002): what to try after a NaN loss. */
export function lowerRate(learningRate: number): number {
  return Number((learningRate / 10).toPrecision(2));
}

/** The settings for a strategy, with any the user gave replacing the defaults, checked. */
export function resolveSettings(given: Partial<FinetuneSettings> = {}): FinetuneSettings {
  const strategy = given.strategy ?? 'head';
  if (!STRATEGIES.includes(strategy)) {
    throw new FinetuneError('settings', `unknown strategy "${strategy}"`, `use one of ${STRATEGIES.join(', ')}`);
  }
  const defaults = STRATEGY_DEFAULTS[strategy];
  const settings: FinetuneSettings = {
    strategy,
    layers: given.layers ?? defaults.layers,
    epochs: given.epochs ?? defaults.epochs,
    learningRate: given.learningRate ?? defaults.learningRate,
    batchSize: given.batchSize ?? defaults.batchSize,
    patience: given.patience ?? defaults.patience,
    validation: given.validation ?? DEFAULT_VALIDATION,
    seed: given.seed ?? DEFAULT_SEED,
  };
  const wholeAtLeast = (name: string, value: number, min: number, flag: string) => {
    if (!(Number.isInteger(value) && value >= min)) {
      throw new FinetuneError('settings', `${name} must be a whole number of ${min} or more, not ${value}`, `pass ${flag} ${Math.max(min, 1)} or more, or leave it out for the default`);
    }
  };
  wholeAtLeast('epochs', settings.epochs, 1, '--epochs');
  wholeAtLeast('the batch size', settings.batchSize, 1, '--batch-size');
  wholeAtLeast('the early-stopping patience', settings.patience, 0, '--patience');
  if (settings.layers !== Infinity) wholeAtLeast('the number of layers', settings.layers, 1, '--layers');
  if (!(settings.learningRate > 0 && Number.isFinite(settings.learningRate))) {
    throw new FinetuneError('settings', `the learning rate must be a positive number, not ${settings.learningRate}`, `pass --lr ${defaults.learningRate} (the default for ${strategy})`);
  }
  return settings;
}

/**
 * Which layers learn: true for each layer that is trainable. Only layers that hold weights count
 * for "last N" (Flatten or Dropout have nothing to learn); layers without weights are marked
 * trainable, which changes nothing.
 */
export function planTrainable(weightCounts: readonly number[], strategy: Strategy, lastN: number): boolean[] {
  const weighted = weightCounts.flatMap((n, i) => (n > 0 ? [i] : []));
  const learning = strategy === 'all' ? weighted.length : strategy === 'head' ? 1 : lastN;
  if (strategy === 'last-n' && lastN > weighted.length) {
    throw new FinetuneError(
      'settings',
      `--layers ${lastN} asks for more layers than the model has with weights (${weighted.length})`,
      `pass --layers 1 to ${weighted.length}, or --strategy all`,
    );
  }
  const trainable = new Set(weighted.slice(weighted.length - learning));
  return weightCounts.map((n, i) => n === 0 || trainable.has(i));
}
