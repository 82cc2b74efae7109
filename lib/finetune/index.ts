// The `finetune` namespace of the `tlnb` module: what the report notebooks' cells call, and what a
// notebook can use to fine-tune a model by hand, step by step.
//   import { finetune } from 'tlnb';
//   const outcome = await finetune.runFinetune({ model: 'models/mnist-mlp', data: { path: 'digits' } });

import { checkModelJson, cloneModel, describeModel, loadBaseModel } from './model/baseModel';
import { commandLine, parseFinetuneArgs } from './args';
import { parseCsvTable, loadCsvDataset } from './data/csvSource';
import { FinetuneError } from './errors';
import { evaluate, pickSamples } from './training/accuracy';
import { fitToModel } from './model/fitToModel';
import { idxPairArrays, loadIdxDataset } from './data/idxSource';
import { decodeImage, imageToInput } from './data/imageDecode';
import { loadImageFolderDataset, scanImageFolder } from './data/imageFolderSource';
import { imageLayoutForInput, inputFit } from './model/inputShape';
import { encodeLabels } from './data/labels';
import { dataPathOf, loadDataset, resolveDataSource } from './data/loadDataset';
import { checkOutputFolder, nextOutputFolder } from './report/outputFolder';
import { prepareModel } from './model/prepareModel';
import { REPORT_FILE, buildReport } from './report/reportNotebook';
import { accuracyTable, confusion, curves, describeData, layerTable, percent, samplePredictions } from './report/resultViews';
import { runFinetune } from './run';
import { checkSplittable, splitDataset } from './data/split';
import { DEFAULT_SEED, DEFAULT_VALIDATION, STRATEGIES, STRATEGY_DEFAULTS, planTrainable, resolveSettings } from './model/strategy';
import { trainModel } from './training/train';
import { formatEpoch } from './training/progressText';

export type { BaseModel } from './model/baseModel';
export type { DataFormat, DataSource, Dataset, ImageLayout } from './data/dataset';
export type { FinetuneProblem } from './errors';
export type { Evaluation } from './training/accuracy';
export type { DataRequest } from './data/loadDataset';
export type { PreparedModel } from './model/prepareModel';
export type { FinetuneHooks, FinetuneOptions, FinetuneOutcome, FinetunePlan } from './run';
export type { DatasetSplit, Examples } from './data/split';
export type { FinetuneSettings, Strategy, TrainingSettings } from './model/strategy';
export type { BatchProgress, EpochProgress, TrainHooks, TrainResult } from './training/train';

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
