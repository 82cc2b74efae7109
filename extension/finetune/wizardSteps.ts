// The steps of the "Fine-tune Model…" wizard as pure functions: what each quick pick offers, how
// input boxes validate, and how the answers become a `tlnb finetune` request. No VS Code here, so
// the steps are tested without it; wizard.ts shows them.

import { detectDelimiter } from '../../common/csvDelimiter';
import {
  DEFAULT_VALIDATION,
  LABEL_COLUMN_NAMES,
  STRATEGIES,
  STRATEGY_DEFAULTS,
  STRATEGY_DESCRIPTIONS,
  trainablePlan,
  type FinetuneSettings,
  type Strategy,
  type TrainingSettings,
} from '../../common/finetuneSettings';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  value: T;
}

export interface LayerInfo {
  name: string;
  className: string;
  weights: number;
}

/** The layers of a saved layers model, read from its model.json text; undefined when it is not one. */
export function layersOfModelJson(text: string): LayerInfo[] | undefined {
  let json: { modelTopology?: Record<string, unknown>; weightsManifest?: Array<{ weights?: Array<{ name: string; shape: number[] }> }> };
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const topology = (json.modelTopology?.model_config ?? json.modelTopology) as { config?: { layers?: unknown } } | undefined;
  const layers = topology?.config?.layers;
  if (!Array.isArray(layers)) return undefined;
  const weights = (json.weightsManifest ?? []).flatMap((group) => group.weights ?? []);
  return layers
    .map((layer: { class_name?: string; config?: { name?: string } }) => {
      const name = layer.config?.name ?? '?';
      const count = weights.filter((w) => w.name.startsWith(`${name}/`)).reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
      return { name, className: layer.class_name ?? '?', weights: count };
    })
    .filter((layer) => layer.className !== 'InputLayer');
}

/** Step 2 (CSV): the header's columns, the one fine-tuning would take as the label picked first. */
export function labelColumnItems(headerLine: string): Array<PickItem<string>> {
  const columns = headerLine.split(detectDelimiter(headerLine)).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const guess = columns.findIndex((c) => LABEL_COLUMN_NAMES.includes(c.toLowerCase()));
  const ordered = guess < 0 ? columns : [columns[guess]!, ...columns.filter((_, i) => i !== guess)];
  return ordered.map((column, i) => ({ label: column, ...(i === 0 && guess >= 0 ? { description: 'looks like the label column', picked: true } : {}), value: column }));
}

const describeDefaults = (d: TrainingSettings) => `${d.epochs} epochs, learning rate ${d.learningRate}, batch ${d.batchSize}, early stopping after ${d.patience} epochs without improvement`;

/** "frozen: a, b · learns: c" for a strategy, so the user sees what will train before it starts. */
export function planSummary(layers: readonly LayerInfo[], strategy: Strategy, lastN: number): string {
  const plan = trainablePlan(layers.map((l) => l.weights), strategy, lastN);
  const withWeights = layers.map((l, i) => ({ ...l, learns: plan[i]! })).filter((l) => l.weights > 0);
  const frozen = withWeights.filter((l) => !l.learns).map((l) => l.name);
  const learns = withWeights.filter((l) => l.learns).map((l) => l.name);
  return `${frozen.length ? `frozen: ${frozen.join(', ')} · ` : ''}learns: ${learns.join(', ')}`;
}

/** Step 3: the strategies, each with its defaults and (when the layers are known) what it freezes. */
export function strategyItems(layers: readonly LayerInfo[] | undefined): Array<PickItem<Strategy>> {
  return STRATEGIES.map((strategy) => {
    const defaults = STRATEGY_DEFAULTS[strategy];
    const plan = layers ? ` — ${planSummary(layers, strategy, defaults.layers)}` : '';
    return {
      label: STRATEGY_DESCRIPTIONS[strategy].label,
      description: describeDefaults(defaults),
      detail: `${STRATEGY_DESCRIPTIONS[strategy].detail}${plan}`,
      ...(strategy === 'head' ? { picked: true } : {}),
      value: strategy,
    };
  });
}

/** Step 3b (last-n): 1..all layers with weights, each showing which layers learn. */
export function lastNItems(layers: readonly LayerInfo[]): Array<PickItem<number>> {
  const weighted = layers.filter((l) => l.weights > 0).length;
  return Array.from({ length: weighted }, (_, i) => i + 1).map((n) => ({
    label: `Last ${n} layer${n === 1 ? '' : 's'}`,
    detail: planSummary(layers, 'last-n', n),
    ...(n === STRATEGY_DEFAULTS['last-n'].layers ? { picked: true } : {}),
    value: n,
  }));
}

export type SettingKey = 'epochs' | 'learningRate' | 'batchSize' | 'patience' | 'validation';
export const START = Symbol('start');

const SETTING_NAMES: Record<SettingKey, string> = {
  epochs: 'Epochs',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  patience: 'Early-stopping patience',
  validation: 'Validation fraction',
};

/** Step 4: start with the settings shown, or change one of them (the list comes back after each change). */
export function settingsItems(settings: Pick<FinetuneSettings, SettingKey>): Array<PickItem<SettingKey | typeof START>> {
  return [
    {
      label: 'Start fine-tuning',
      description: `${settings.epochs} epochs · learning rate ${settings.learningRate} · batch ${settings.batchSize} · patience ${settings.patience} · validation ${Math.round(settings.validation * 100)}%`,
      value: START,
    },
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the keys of a Record<SettingKey, string> literal
    ...(Object.keys(SETTING_NAMES) as SettingKey[]).map((key) => ({ label: `Change ${SETTING_NAMES[key].toLowerCase()}…`, description: String(settings[key]), value: key })),
  ];
}

/** The defaults a strategy starts the settings step with. */
export function initialSettings(strategy: Strategy): Pick<FinetuneSettings, SettingKey> {
  const d = STRATEGY_DEFAULTS[strategy];
  return { epochs: d.epochs, learningRate: d.learningRate, batchSize: d.batchSize, patience: d.patience, validation: DEFAULT_VALIDATION };
}

/** An input box's check for a setting: undefined when the text is fine, else what to type instead. */
export function validateSetting(key: SettingKey, text: string): string | undefined {
  const value = Number(text);
  const isNumber = text.trim() !== '' && Number.isFinite(value);
  switch (key) {
    case 'epochs':
      return isNumber && Number.isInteger(value) && value >= 1 && value <= 1000 ? undefined : 'a whole number of epochs from 1 to 1000';
    case 'batchSize':
      return isNumber && Number.isInteger(value) && value >= 1 ? undefined : 'a whole number of examples per batch, 1 or more (32 is usual)';
    case 'patience':
      return isNumber && Number.isInteger(value) && value >= 0 ? undefined : 'a whole number of epochs, 0 or more (0 turns early stopping off)';
    case 'learningRate':
      return isNumber && value > 0 && value <= 1 ? undefined : 'a positive number up to 1, such as 0.001';
    case 'validation':
      return isNumber && value > 0 && value < 1 ? undefined : 'a fraction strictly between 0 and 1, such as 0.2';
  }
}

export function settingPrompt(key: SettingKey): string {
  return {
    epochs: 'Passes over the training data (early stopping may end sooner)',
    learningRate: 'Adam learning rate (lower it if the loss becomes NaN)',
    batchSize: 'Examples per training step',
    patience: 'Stop after this many epochs without a lower validation loss (0: never)',
    validation: 'Fraction of each class held out to measure accuracy',
  }[key];
}

/** The wizard's steps: 1 model, 2 data, 3 strategy, 4 settings. */
export type WizardStep = 1 | 2 | 3 | 4;

/**
 * The step to ask again when the fine-tune refuses a run before (or, for a NaN loss, during)
 * training, from the problem the CLI names (lib/finetune/errors.ts); undefined when no answer
 * of the wizard's can fix it (an output folder that appeared meanwhile).
 */
export function stepForProblem(problem: string): WizardStep | undefined {
  switch (problem) {
    case 'not-layers-model':
    case 'model-load':
    case 'output-layer':
      return 1;
    case 'data-source':
    case 'csv':
    case 'csv-non-numeric':
    case 'idx':
    case 'image-corrupt':
    case 'image-folder':
    case 'empty-class':
    case 'label-range':
    case 'too-few-examples':
    case 'input-shape':
      return 2;
    case 'settings':
    case 'nan-loss':
      return 4;
    default:
      return undefined;
  }
}

/** What Enter on a step's error row does: nothing but say this (in the placeholder). */
export const ERROR_ROW_NOTE = 'That row says why this step is asked again; it is not a choice. Pick one of the other rows, or press Escape to close.';

/**
 * A refusal as a quick-pick row: what is wrong as the label, the rest ("how to fix: …") as its
 * detail. A file the message starts with moves to the end of the detail, so a long path does
 * not hide what is wrong.
 */
export function errorRow(error: string): { label: string; detail?: string } {
  const [first = error, ...rest] = error.split('\n').map((line) => line.trim()).filter(Boolean);
  const located = /^((?:\/|[A-Za-z]:\\)[^:]*): (.+)$/.exec(first);
  const what = located ? located[2]! : first;
  const detail = [...rest, ...(located ? [`(${located[1]})`] : [])].join(' ');
  return { label: `$(error) ${what}`, ...(detail ? { detail } : {}) };
}
