// The `finetune` namespace of the `tlnb` module: what the report notebooks' cells call, and what a
// notebook can use to fine-tune a model by hand, step by step.
//   import { finetune } from 'tlnb';
//   const outcome = await finetune.runFinetune({ model: 'models/mnist-mlp', data: { path: 'digits' } });

import { checkModelJson, cloneModel, describeModel, loadBaseModel } from './baseModel';
import { commandLine, parseFinetuneArgs } from './cliArgs';
import { parseCsvTable, loadCsvDataset } from './csvSource';
import { FinetuneError } from './errors';
import { evaluate, pickSamples } from './evaluate';
import { fitToModel } from './fitToModel';
import { idxPairArrays, loadIdxDataset } from './idxSource';
import { decodeImage, imageToInput } from './imageDecode';
import { loadImageFolderDataset, scanImageFolder } from './imageFolderSource';
import { imageLayoutForInput, inputFit } from './inputShape';
import { encodeLabels } from './labels';
import { dataPathOf, loadDataset, resolveDataSource } from './loadDataset';
import { checkOutputFolder, nextOutputFolder } from './outputFolder';
import { prepareModel } from './prepareModel';
import { REPORT_FILE, buildReport } from './reportNotebook';
import { accuracyTable, confusion, curves, describeData, layerTable, percent, samplePredictions } from './resultViews';
import { runFinetune } from './run';
import { checkSplittable, splitDataset } from './split';
import { DEFAULT_SEED, DEFAULT_VALIDATION, STRATEGIES, STRATEGY_DEFAULTS, planTrainable, resolveSettings } from './strategy';
import { trainModel } from './train';
import { formatEpoch } from './progressText';

export type { BaseModel } from './baseModel';
export type { DataFormat, DataSource, Dataset, ImageLayout } from './dataset';
export type { FinetuneProblem } from './errors';
export type { Evaluation } from './evaluate';
export type { DataRequest } from './loadDataset';
export type { PreparedModel } from './prepareModel';
export type { FinetuneHooks, FinetuneOptions, FinetuneOutcome, FinetunePlan } from './run';
export type { DatasetSplit, Examples } from './split';
export type { FinetuneSettings, Strategy, TrainingSettings } from './strategy';
export type { BatchProgress, EpochProgress, TrainHooks, TrainResult } from './train';

export const finetune = {
  // the whole run
  runFinetune,
  // settings
  resolveSettings,
  STRATEGIES,
  STRATEGY_DEFAULTS,
  DEFAULT_VALIDATION,
  DEFAULT_SEED,
  planTrainable,
  // base model
  loadBaseModel,
  describeModel,
  checkModelJson,
  cloneModel,
  prepareModel,
  // data
  resolveDataSource,
  loadDataset,
  loadIdxDataset,
  loadCsvDataset,
  loadImageFolderDataset,
  parseCsvTable,
  idxPairArrays,
  scanImageFolder,
  decodeImage,
  imageToInput,
  imageLayoutForInput,
  inputFit,
  fitToModel,
  encodeLabels,
  checkSplittable,
  splitDataset,
  dataPathOf,
  // training and results
  train: trainModel,
  evaluate,
  pickSamples,
  formatEpoch,
  describeData,
  layerTable,
  curves,
  accuracyTable,
  confusion,
  samplePredictions,
  percent,
  // output
  nextOutputFolder,
  checkOutputFolder,
  buildReport,
  REPORT_FILE,
  // command line
  parseFinetuneArgs,
  commandLine,
  FinetuneError,
} as const;
