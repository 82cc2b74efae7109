// A whole fine-tune: check everything that can be checked before training, train, measure,
// and write the model and its report to a new folder in one rename. The steps are the calls the
// report notebook shows, in the same order.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { serializeNotebook } from '../../common/format';
import { MODEL_FILE, fileModelIO, modelFolder } from '../models/fileModelIO';
import { describeModel, loadBaseModel, type BaseModel } from './model/baseModel';
import { commandLine } from './args';
import type { DataSource, Dataset } from './data/dataset';
import { FinetuneError } from './errors';
import { evaluate, type Evaluation } from './training/accuracy';
import { fitToModel } from './model/fitToModel';
import { dataPathOf, loadDataset, resolveDataSource, type DataRequest } from './data/loadDataset';
import { checkOutputFolder, nextOutputFolder, writeFolderAtomically } from './report/outputFolder';
import { prepareModel, type PreparedModel } from './model/prepareModel';
import { REPORT_FILE, buildReport } from './report/reportNotebook';
import { accuracyTable, confusion, curves, describeData, layerTable, percent, samplePredictions } from './report/resultViews';
import { splitDataset, type DatasetSplit } from './data/split';
import { lowerRate, resolveSettings, type FinetuneSettings } from './model/strategy';
import { trainModel, type TrainHooks, type TrainResult } from './training/train';
import { formatEpoch } from './training/progressText';

export interface FinetuneOptions {
  /** A model folder or model.json, or a model held in memory (a notebook variable: it is copied, never changed). */
  model: string | tf.LayersModel;
  /** What to call an in-memory model in the report ("the notebook variable `model`"). */
  modelName?: string;
  data: DataRequest | DataSource;
  /** Labels are class ids 0..classCount-1 (checked); absent: the labels found are the classes. */
  classCount?: number;
  settings?: Partial<FinetuneSettings>;
  /** Must not exist; default `<data>-finetuned-<n>` beside the data. */
  out?: string;
  /** The backend in use, named in the report. Default: tf.getBackend(). */
  backend?: string;
}

/** Everything known before training starts, for a wizard to show (the layer plan with frozen layers). */
export interface FinetunePlan {
  settings: FinetuneSettings;
  base: BaseModel;
  dataset: Dataset;
  split: DatasetSplit;
  prepared: PreparedModel;
  before: Evaluation;
  outDir: string;
}

export interface FinetuneHooks extends TrainHooks {
  /** A line of news: what is being done, or what was found. */
  onMessage?(line: string): void;
  onPlan?(plan: FinetunePlan): void;
}

export interface FinetuneOutcome {
  status: 'done' | 'early-stopped' | 'cancelled';
  message: string;
  settings: FinetuneSettings;
  classNames: string[];
  beforeAccuracy: number;
  afterAccuracy?: number;
  train?: TrainResult;
  /** Set when results were saved (not after a cancel). */
  outDir?: string;
  reportFile?: string;
  /** The fine-tuned model, for a notebook to keep using; the caller disposes it. Compile it again before training it further. */
  model?: tf.LayersModel;
}

/** A DataSource for csv and folder is already a DataRequest; an IDX one names its files differently. */
const asRequest = (data: DataRequest | DataSource): DataRequest => ('images' in data ? { format: 'idx', path: data.images, labels: data.labels } : data);

export async function runFinetune(options: FinetuneOptions, hooks: FinetuneHooks = {}): Promise<FinetuneOutcome> {
  const say = (line: string) => hooks.onMessage?.(line);
  const startedAt = new Date();
  const settings = resolveSettings(options.settings);
  const source = resolveDataSource(asRequest(options.data));
  const baseFolder = typeof options.model === 'string' ? modelFolder(options.model) : undefined;
  const outDir = options.out ?? nextOutputFolder(dataPathOf(source));
  checkOutputFolder(outDir, baseFolder);

  say(typeof options.model === 'string' ? `loading the base model ${join(baseFolder!, MODEL_FILE)}` : 'copying the base model from memory');
  const base = typeof options.model === 'string' ? await loadBaseModel(options.model) : describeModel(options.model);
  // Tensors and models made here are freed on every way out; the fine-tuned model only when it is not returned.
  const disposables: Array<{ dispose(): void }> = [];
  let trained: tf.LayersModel | undefined;
  try {
    if (typeof options.model === 'string') disposables.push(base.model);
    say(`loading the data ${dataPathOf(source)}`);
    const loaded = loadDataset(source, { inputShape: base.inputShape, ...(options.classCount !== undefined ? { classCount: options.classCount } : {}), ...(base.file ? { modelFile: base.file } : {}) });
    disposables.push(loaded.xs);
    const dataset = fitToModel(loaded, base);
    disposables.push(dataset.xs);
    const split = splitDataset(dataset, settings.validation, settings.seed);
    disposables.push(split.train.xs, split.validation.xs);
    const dataText = describeData(dataset, split);
    say(dataText);
    const classCount = dataset.classNames.length;
    const prepared = await prepareModel(base, classCount, settings);
    trained = prepared.model;
    prepared.notes.forEach((n) => say(n));
    const before = evaluate(prepared.model, split.validation, classCount);
    const beforeText = `validation accuracy before fine-tuning: ${percent(before.accuracy)}`;
    say(beforeText);
    hooks.onPlan?.({ settings, base, dataset, split, prepared, before, outDir });
    const outcome = { settings, classNames: dataset.classNames, beforeAccuracy: before.accuracy };
    if (hooks.signal?.aborted) return { ...outcome, status: 'cancelled', message: 'cancelled before training; nothing was saved' };

    const epochLines: string[] = [];
    const train = await trainModel(prepared.model, split, classCount, settings, {
      ...hooks,
      onEpoch: (progress) => {
        epochLines.push(formatEpoch(progress));
        hooks.onEpoch?.(progress);
      },
    });
    if (train.status === 'nan') {
      throw new FinetuneError('nan-loss', `${train.message}. Nothing was saved`, `run again with a lower learning rate, such as --lr ${lowerRate(settings.learningRate)}`);
    }
    if (train.status === 'cancelled') return { ...outcome, status: 'cancelled', message: `${train.message}; nothing was saved`, train };

    const after = evaluate(prepared.model, split.validation, classCount);
    say(`validation accuracy after fine-tuning: ${percent(after.accuracy)}`);
    // The source as loaded names what was detected (the CSV's label column), so the repeat does not depend on detection.
    const loadedSource = dataset.source;
    const sourceForCli =
      loadedSource.format === 'idx'
        ? { data: loadedSource.images, labels: loadedSource.labels }
        : { data: loadedSource.path, ...(loadedSource.format === 'csv' && loadedSource.labelColumn ? { labelColumn: loadedSource.labelColumn } : {}) };
    const baseFile = base.file ?? join(outDir, 'base-model', MODEL_FILE);
    const backend = options.backend ?? tf.getBackend();
    await writeFolderAtomically(outDir, async (folder) => {
      prepared.model.setUserDefinedMetadata({
        tlnb: { finetunedFrom: base.file ?? options.modelName ?? 'a model in memory', classNames: dataset.classNames, settings: { ...settings, layers: Number.isFinite(settings.layers) ? settings.layers : null } },
      });
      await prepared.model.save(fileModelIO(folder));
      // A model from memory has no file to reload: keep a copy so that the report can repeat the run.
      if (!base.file) await base.model.save(fileModelIO(join(folder, 'base-model')));
      const report = buildReport({
        settings,
        baseFile,
        baseDescription: base.file ?? options.modelName ?? 'a model in memory',
        source: loadedSource,
        ...(options.classCount !== undefined ? { classCount: options.classCount } : {}),
        outDir,
        backend,
        commandLine: commandLine({ model: baseFile, ...sourceForCli, ...(options.classCount !== undefined ? { classes: options.classCount } : {}), settings, backend }),
        startedAt,
        endedAt: new Date(),
        beforeAccuracy: before.accuracy,
        afterAccuracy: after.accuracy,
        validationCount: split.validation.classIds.length,
        trainMessage: train.message,
        outputs: {
          setup: `backend: ${backend}`,
          data: dataText,
          layers: layerTable(prepared),
          before: beforeText,
          epochs: epochLines.join('\n'),
          curves: curves(train),
          accuracy: accuracyTable(before, after, split.validation.classIds.length),
          confusion: confusion(after, split.validation, dataset.classNames),
          samples: samplePredictions(split.validation, after, dataset),
          saved: `saved the fine-tuned model to ${outDir}`,
        },
      });
      writeFileSync(join(folder, REPORT_FILE), serializeNotebook(report));
    });
    say(`saved the fine-tuned model and ${REPORT_FILE} to ${outDir}`);
    const model = trained;
    trained = undefined;
    // Adam's moment estimates are only for this run; free them (a caller training further compiles again).
    model.optimizer?.dispose();
    return {
      ...outcome,
      status: train.status,
      message: train.message,
      afterAccuracy: after.accuracy,
      train,
      outDir,
      reportFile: join(outDir, REPORT_FILE),
      model,
    };
  } finally {
    for (const d of disposables) d.dispose();
    trained?.optimizer?.dispose();
    trained?.dispose();
  }
}
