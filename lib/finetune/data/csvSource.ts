// A CSV file with a header line and a label column; every other column is a numeric feature.
// Parsing (csv-parse: quoting, CRLF and BOM handled by a well-tested library) and checking are
// pure; loadCsvDataset only adds reading the file and making the tensor.

import { errorMessage } from '../../../common/guards';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parse } from 'csv-parse/sync';
import { LABEL_COLUMN_NAMES } from '../../../common/finetuneSettings';
import type { Dataset, LoadOptions } from './dataset';
import { FinetuneError } from '../errors';
import { encodeLabels } from './labels';


export interface CsvTable {
  featureNames: string[];
  labelColumn: string;
  /** rows × featureNames.length, row-major. */
  features: Float32Array;
  labels: string[];
  /** The 1-based line in the file of each row (for messages). */
  lines: number[];
}

/** The delimiter the header line uses most: comma, semicolon or tab. */
export function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

export function parseCsvTable(text: string, file: string, labelColumn?: string): CsvTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- csv-parse's overloads do not type the `info: true` form's records
    records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    throw new FinetuneError(
      'csv',
      `cannot read the CSV: ${errorMessage(error)}`,
      'every line needs as many comma-separated cells as the header line, and quotes must be closed',
      file,
    );
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) {
    throw new FinetuneError('csv', 'the CSV has no data lines', 'put a header line naming the columns, then one line per example', file);
  }
  const names = header.record;
  if (names.every((n) => n !== '' && Number.isFinite(Number(n)))) {
    throw new FinetuneError(
      'csv',
      `the first line holds only numbers (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}), but it must name the columns`,
      `add a header line such as "${names.slice(0, -1).map((_, i) => `x${i + 1}`).join(',')},label"`,
      file,
    );
  }
  const labelIndex = labelColumn === undefined ? names.findIndex((n) => LABEL_COLUMN_NAMES.includes(n.toLowerCase())) : names.indexOf(labelColumn);
  if (labelIndex < 0) {
    throw new FinetuneError(
      'csv',
      labelColumn === undefined
        ? `no label column: none of the columns (${names.map((n) => `"${n}"`).join(', ')}) is called ${LABEL_COLUMN_NAMES.map((n) => `"${n}"`).join(', ')}`
        : `there is no column "${labelColumn}"; the columns are ${names.map((n) => `"${n}"`).join(', ')}`,
      'name the column that holds the class with --label-column NAME (the wizard asks for it)',
      file,
    );
  }
  if (names.length < 2) {
    throw new FinetuneError('csv', 'the CSV has only the label column and no feature columns', 'add the numeric feature columns', file);
  }

  const featureColumns = names.map((_, i) => i).filter((i) => i !== labelIndex);
  const features = new Float32Array(rows.length * featureColumns.length);
  rows.forEach(({ record, info }, row) => {
    featureColumns.forEach((column, f) => {
      const cell = record[column]!;
      const value = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new FinetuneError(
          'csv-non-numeric',
          `line ${info.lines}, column "${names[column]}": ${cell === '' ? 'the cell is empty' : `"${cell}" is not a number`}; feature columns must hold numbers (only the label column "${names[labelIndex]}" may hold names)`,
          `fix or remove that line; if "${names[column]}" is the class, pass --label-column "${names[column]}"; drop text columns such as ids or names from the file`,
          file,
        );
      }
      features[row * featureColumns.length + f] = value;
    });
  });
  return {
    featureNames: featureColumns.map((i) => names[i]!),
    labelColumn: names[labelIndex]!,
    features,
    labels: rows.map(({ record }) => record[labelIndex]!),
    lines: rows.map(({ info }) => info.lines),
  };
}

export function loadCsvDataset(path: string, options: LoadOptions & { labelColumn?: string } = {}): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FinetuneError('data-source', `cannot read the CSV file: ${errorMessage(error)}`, 'check the path', path);
  }
  const table = parseCsvTable(text, path, options.labelColumn);
  const describeExample = (i: number) => `line ${table.lines[i]} of ${basename(path)}`;
  const { classIds, classNames } = encodeLabels(table.labels, { classCount: options.classCount, describeExample, file: path });
  const count = table.labels.length;
  const width = table.featureNames.length;
  return {
    xs: tf.tensor2d(table.features, [count, width]),
    classIds,
    classNames,
    featureShape: [width],
    source: { format: 'csv', path, labelColumn: table.labelColumn },
    description: `CSV ${path}: ${count} rows, ${width} feature columns, label column "${table.labelColumn}"`,
    describeExample,
    notes: [],
  };
}
