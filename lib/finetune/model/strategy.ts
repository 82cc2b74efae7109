// Which layers learn, and checking the settings a run gets. Pure.

import { FinetuneError } from '../errors';

// The settings and their defaults live in common/ so that the extension's wizard shows the same ones.
import { DEFAULT_SEED, DEFAULT_VALIDATION, STRATEGIES, STRATEGY_DEFAULTS, trainablePlan, type FinetuneSettings, type Strategy } from '../../../common/finetuneSettings';

export { DEFAULT_SEED, DEFAULT_VALIDATION, STRATEGIES, STRATEGY_DEFAULTS };
export type { FinetuneSettings, Strategy, TrainingSettings } from '../../../common/finetuneSettings';

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

/** Which layers learn (common/finetuneSettings' plan), refusing a last-n count the model cannot meet. */
export function planTrainable(weightCounts: readonly number[], strategy: Strategy, lastN: number): boolean[] {
  const weighted = weightCounts.filter((n) => n > 0).length;
  if (strategy === 'last-n' && lastN > weighted) {
    throw new FinetuneError('settings', `--layers ${lastN} asks for more layers than the model has with weights (${weighted})`, `pass --layers 1 to ${weighted}, or --strategy all`);
  }
  return trainablePlan(weightCounts, strategy, lastN);
}
