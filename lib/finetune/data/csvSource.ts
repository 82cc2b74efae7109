// A CSV file with a header line and a label column; every other column is a numeric feature.
// The file is streamed through csvReader.ts (csv-parse: quoting, CRLF and BOM handled by a
// well-tested library) in chunks, checked as it is read; loadCsvDataset only adds opening the file
// (a regular file only: a device or a named pipe is refused) and making the tensor.

import { closeSync, readSync } from 'node:fs';
import { errorMessage } from '../../../common/guards';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputFileError, openRegularFile } from '../../inputFiles';
import type { Dataset, LoadOptions } from './dataset';
import { FinetuneError } from '../errors';
import { CsvTableReader, type CsvReadOptions, type CsvTable } from './csvReader';

export { detectDelimiter } from '../../../common/csvDelimiter';
export type { CsvTable } from './csvReader';

const CHUNK_BYTES = 1 << 20;

/** A CSV given as text (the same checks as a file: it is fed to the reader in chunks). */
export function parseCsvTable(text: string, file: string, options: string | CsvReadOptions = {}): CsvTable {
  const reader = new CsvTableReader(file, typeof options === 'string' ? { labelColumn: options } : options);
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) reader.feed(bytes.subarray(at, at + CHUNK_BYTES));
  return reader.end();
}

/** Streams a CSV file through the reader; only one chunk of the file is in memory at a time. */
export function readCsvFile(path: string, options: CsvReadOptions = {}): CsvTable {
  let file: { fd: number; size: number };
  try {
    file = openRegularFile(path);
  } catch (error) {
    const what = error instanceof InputFileError ? error.problem : errorMessage(error);
    throw new FinetuneError('data-source', `cannot read the CSV file: ${what}`, 'give the path of a CSV file', path);
  }
  try {
    const reader = new CsvTableReader(path, options);
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      let n: number;
      try {
        n = readSync(file.fd, chunk, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw new FinetuneError('data-source', `cannot read the CSV file: ${errorMessage(error)}`, 'check the file', path);
      }
      if (n === 0) break;
      // The reader keeps only what it parsed (csv-parse may hold the unfinished end of a chunk): a copy.
      reader.feed(Buffer.from(chunk.subarray(0, n)));
    }
    return reader.end();
  } finally {
    closeSync(file.fd);
  }
}

export function loadCsvDataset(path: string, options: LoadOptions & { labelColumn?: string; modelFile?: string } = {}): Dataset {
  const table = readCsvFile(path, options);
  const count = table.classIds.length;
  const width = table.featureNames.length;
  return {
    xs: tf.tensor2d(table.features, [count, width]),
    classIds: table.classIds,
    classNames: table.classNames,
    featureShape: [width],
    source: { format: 'csv', path, labelColumn: table.labelColumn },
    description: `CSV ${path}: ${count} rows, ${width} feature columns, label column "${table.labelColumn}"`,
    describeExample: (i: number) => `line ${table.lines[i]} of ${basename(path)}`,
    notes: [],
  };
}
