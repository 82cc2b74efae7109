// Reads a CSV table as a stream of byte chunks (csv-parse's parser, fed synchronously): the header
// is checked first (the label column, the column count against MAX_CSV_COLUMNS, the model's input
// width and the memory budget) and each row is checked and stored as floats as it arrives, so a
// file is never held whole, a row count past the budget is refused at the row that crosses it, and a
// record longer than MAX_CSV_RECORD_BYTES (no line breaks, a quote never closed) is refused while
// it is read. Every refusal names the file, the line and the numbers.

import { basename } from 'node:path';
import { Parser, type Info } from 'csv-parse';
import { detectDelimiter } from '../../../common/csvDelimiter';
import { LABEL_COLUMN_NAMES } from '../../../common/finetuneSettings';
import { MAX_CSV_COLUMNS, MAX_CSV_RECORD_BYTES, RAISE_BUDGET, budgetText, formatBytes, memoryBudgetBytes } from '../../inputLimits';
import { FinetuneError } from '../errors';
import { inputFit } from '../model/inputShape';
import { LabelEncoder } from './labels';
import { TypedBlocks } from './typedBlocks';

export interface CsvTable {
  featureNames: string[];
  labelColumn: string;
  /** rows × featureNames.length, row-major. */
  features: Float32Array;
  classIds: Int32Array;
  classNames: string[];
  /** The 1-based line in the file of each row (for messages). */
  lines: Int32Array;
}

export interface CsvReadOptions {
  /** The column that holds the class (default: one called label, class, target, y or category). */
  labelColumn?: string;
  /** Labels are class ids 0..classCount-1 (checked). */
  classCount?: number;
  /** The model's input shape without the batch dimension: the feature columns must fill it. */
  inputShape?: ReadonlyArray<number | null>;
  modelFile?: string;
  /** Bytes; default memoryBudgetBytes(). */
  budget?: number;
}

/** What one row costs while read: its floats, its class id and its line number (4 bytes each). */
const rowBytes = (width: number) => (width + 2) * 4;
const count = (n: number) => n.toLocaleString('en-US');

export class CsvTableReader {
  private parser: Parser | undefined;
  /** Bytes held back until the header line is complete (the delimiter is read from it). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private fed = 0;
  /** Bytes the parser had consumed when the last record ended. */
  private recordEnd = 0;
  private lastLine = 0;
  private header: { names: string[]; labelIndex: number; featureColumns: number[] } | undefined;
  private readonly features = new TypedBlocks((n) => new Float32Array(n));
  private readonly lines = new TypedBlocks((n) => new Int32Array(n));
  private readonly labels: LabelEncoder;
  private readonly budget: number;

  constructor(
    private readonly file: string,
    private readonly options: CsvReadOptions = {},
  ) {
    this.budget = options.budget ?? memoryBudgetBytes();
    this.labels = new LabelEncoder({ classCount: options.classCount, describeExample: (i) => `line ${this.lines.at(i)} of ${basename(file)}`, file });
  }

  /** Takes the next bytes of the file. */
  feed(chunk: Buffer): void {
    if (this.parser) return this.write(chunk);
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (chunk.includes(0x0a)) this.start();
    else if (this.pendingBytes > MAX_CSV_RECORD_BYTES) this.recordTooLong(this.pendingBytes);
  }

  /** The whole table, once every byte was fed. */
  end(): CsvTable {
    if (!this.parser) this.start();
    this.parser!.end();
    this.rethrow();
    const header = this.header;
    if (!header || this.labels.count === 0) {
      throw new FinetuneError('csv', 'the CSV has no data lines', 'put a header line naming the columns, then one line per example', this.file);
    }
    const { classIds, classNames } = this.labels.finish();
    return {
      featureNames: header.featureColumns.map((i) => header.names[i]!),
      labelColumn: header.names[header.labelIndex]!,
      features: this.features.toArray(),
      classIds,
      classNames,
      lines: this.lines.toArray(),
    };
  }

  private start(): void {
    const head = Buffer.concat(this.pending);
    this.pending = [];
    this.parser = new Parser({
      delimiter: detectDelimiter(head.toString('utf8')),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      on_record: (record: string[], info: Info & { lines: number }) => {
        this.recordEnd = info.bytes;
        this.lastLine = info.lines;
        if (this.header) this.row(record, info.lines);
        else this.header = this.checkHeader(record);
        return null;
      },
    });
    // Errors are read from parser.errored right after each write; this only keeps Node from reporting them again.
    this.parser.on('error', () => {});
    this.write(head);
  }

  private write(chunk: Buffer): void {
    this.fed += chunk.length;
    this.parser!.write(chunk);
    this.rethrow();
    if (this.fed - this.recordEnd > MAX_CSV_RECORD_BYTES) this.recordTooLong(this.fed - this.recordEnd);
  }

  private rethrow(): void {
    const error = this.parser?.errored;
    if (!error) return;
    if (error instanceof FinetuneError) throw error;
    throw new FinetuneError(
      'csv',
      `cannot read the CSV: ${(error as Error).message}${this.lastLine > 0 ? ` (the last record read whole ends on line ${count(this.lastLine)})` : ''}`,
      'every line needs as many comma-separated cells as the header line, and quotes must be closed',
      this.file,
    );
  }

  /** A record still open after MAX_CSV_RECORD_BYTES: no line breaks, or a quote that is never closed. */
  private recordTooLong(open: number): never {
    throw new FinetuneError(
      'csv',
      `the ${this.lastLine === 0 ? 'header line' : `record that starts after line ${count(this.lastLine)}`} is longer than ${formatBytes(MAX_CSV_RECORD_BYTES)} (${formatBytes(open)} read so far without its end); reading stopped there`,
      'a CSV needs one example per line: check for a quote (") that is never closed, or a file that is not a CSV',
      this.file,
    );
  }

  private checkHeader(names: string[]): { names: string[]; labelIndex: number; featureColumns: number[] } {
    const file = this.file;
    if (names.length > MAX_CSV_COLUMNS) {
      throw new FinetuneError('csv', `line 1 (the header) has ${count(names.length)} columns; tlnb reads at most ${count(MAX_CSV_COLUMNS)}`, 'a CSV holds one example per line with one column per feature: check that this is the file you meant', file);
    }
    if (names.every((n) => n !== '' && Number.isFinite(Number(n)))) {
      throw new FinetuneError(
        'csv',
        `the first line holds only numbers (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}), but it must name the columns`,
        `add a header line such as "${names.length <= 8 ? names.slice(0, -1).map((_, i) => `x${i + 1}`).join(',') : 'x1,x2,…'},label"`,
        file,
      );
    }
    const { labelColumn } = this.options;
    const labelIndex = labelColumn === undefined ? names.findIndex((n) => LABEL_COLUMN_NAMES.includes(n.toLowerCase())) : names.indexOf(labelColumn);
    const list = () => `${names.slice(0, 20).map((n) => `"${n}"`).join(', ')}${names.length > 20 ? `, … (${count(names.length)} in all)` : ''}`;
    if (labelIndex < 0) {
      throw new FinetuneError(
        'csv',
        labelColumn === undefined
          ? `no label column: none of the columns (${list()}) is called ${LABEL_COLUMN_NAMES.map((n) => `"${n}"`).join(', ')}`
          : `there is no column "${labelColumn}"; the columns are ${list()}`,
        'name the column that holds the class with --label-column NAME (the wizard asks for it)',
        file,
      );
    }
    if (names.length < 2) {
      throw new FinetuneError('csv', 'the CSV has only the label column and no feature columns', 'add the numeric feature columns', file);
    }
    const width = names.length - 1;
    if (this.options.inputShape) inputFit([width], this.options.inputShape, file, this.options.modelFile);
    if (rowBytes(width) > this.budget) {
      throw new FinetuneError('csv', `line 1 (the header) has ${count(width)} feature columns: one row needs ${formatBytes(rowBytes(width))}, more than ${budgetText(this.budget)}`, RAISE_BUDGET, file);
    }
    return { names, labelIndex, featureColumns: names.map((_, i) => i).filter((i) => i !== labelIndex) };
  }

  private row(record: string[], line: number): void {
    const { names, labelIndex, featureColumns } = this.header!;
    const rows = this.labels.count;
    const width = featureColumns.length;
    if ((rows + 1) * rowBytes(width) > this.budget) {
      throw new FinetuneError(
        'csv',
        `line ${count(line)} is row ${count(rows + 1)}: ${count(rows + 1)} rows of ${count(width)} feature columns need ${formatBytes((rows + 1) * rowBytes(width))}, more than ${budgetText(this.budget)} (at most ${count(Math.floor(this.budget / rowBytes(width)))} rows fit); reading stopped there`,
        `train on fewer rows (a shorter file), or ${RAISE_BUDGET}`,
        this.file,
      );
    }
    for (const column of featureColumns) {
      const cell = record[column]!;
      const value = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) {
        const shown = cell.length > 80 ? `${cell.slice(0, 80)}…` : cell;
        throw new FinetuneError(
          'csv-non-numeric',
          `line ${line}, column "${names[column]}": ${cell === '' ? 'the cell is empty' : `"${shown}" is not a number`}; feature columns must hold numbers (only the label column "${names[labelIndex]}" may hold names)`,
          `fix or remove that line; if "${names[column]}" is the class, pass --label-column "${names[column]}"; drop text columns such as ids or names from the file`,
          this.file,
        );
      }
      this.features.push(value);
    }
    this.lines.push(line);
    this.labels.add(record[labelIndex]!);
  }
}
