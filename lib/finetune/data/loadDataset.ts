// One entry for all data sources: work out which kind a path is, then load it.

import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { startsLikeIdx } from '../../data/idx';
import { loadCsvDataset } from './csvSource';
import type { DataFormat, DataSource, Dataset, LoadOptions } from './dataset';
import { FinetuneError } from '../errors';
import { companionLabelsFile, loadIdxDataset } from './idxSource';
import { loadImageFolderDataset } from './imageFolderSource';

export interface DataRequest {
  /** A folder of class folders, a .csv file, or an IDX images file. */
  path: string;
  /** Told apart automatically when absent. */
  format?: DataFormat;
  /** IDX only: the labels file (default: the images file's name with "images" turned into "labels"). */
  labels?: string;
  /** CSV only: the column that holds the class (default: one called label, class, target, y or category). */
  labelColumn?: string;
}

/** Works out which kind of data a path holds; the error says what was found and what is accepted. */
export function resolveDataSource(request: DataRequest): DataSource {
  const path = resolve(request.path);
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new FinetuneError('data-source', 'no such file or folder', 'give a folder of class folders, a .csv file, or an IDX images file', path);
  }
  const format = request.format ?? (isFolder ? 'folder' : extname(path).toLowerCase() === '.csv' ? 'csv' : startsLikeIdx(path) ? 'idx' : undefined);
  if (format === undefined) {
    throw new FinetuneError(
      'data-source',
      'cannot tell what kind of data this is: it is not a folder, its name does not end in .csv, and it does not start like an IDX file (plain or gzip-compressed)',
      'pass --format idx, csv or folder',
      path,
    );
  }
  if ((format === 'folder') !== isFolder) {
    throw new FinetuneError('data-source', `--format ${format} needs ${format === 'folder' ? 'a folder' : 'a file'}, but this is ${isFolder ? 'a folder' : 'a file'}`, 'check the path and --format', path);
  }
  if (format === 'csv') return { format, path, ...(request.labelColumn !== undefined ? { labelColumn: request.labelColumn } : {}) };
  if (format === 'folder') return { format, path };
  const labels = request.labels !== undefined ? resolve(request.labels) : companionLabelsFile(path);
  if (!labels) {
    throw new FinetuneError('data-source', 'an IDX images file needs its labels file, and none was found beside it', 'pass the labels file with --labels (for MNIST: train-labels-idx1-ubyte with train-images-idx3-ubyte)', path);
  }
  return { format, images: path, labels };
}

export function loadDataset(source: DataSource, options: LoadOptions & { modelFile?: string } = {}): Dataset {
  switch (source.format) {
    case 'idx':
      return loadIdxDataset(source.images, source.labels, options);
    case 'csv':
      return loadCsvDataset(source.path, { ...options, ...(source.labelColumn !== undefined ? { labelColumn: source.labelColumn } : {}) });
    case 'folder':
      return loadImageFolderDataset(source.path, options);
  }
}

/** The path results are named after and saved beside. */
export function dataPathOf(source: DataSource): string {
  return source.format === 'idx' ? source.images : source.path;
}
