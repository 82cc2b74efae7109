// Turning raw labels (numbers from an IDX file, names or numbers from a CSV column, folder names)
// into class ids 0..K-1 plus the class names, and checking them. Pure.

import { FinetuneError } from '../errors';

export interface EncodedLabels {
  /** The class id of each example, 0..classNames.length-1. */
  classIds: Int32Array;
  /** classNames[id] is what the data called that class ("5", "cat"). */
  classNames: string[];
}

export interface LabelOptions {
  /**
   * When given, labels are class ids themselves and must be whole numbers in 0..classCount-1
   * (class names "0".."classCount-1"). When absent, the distinct labels found become the classes,
   * sorted (numerically when all are numbers), so digits 5..9 become 5 classes named "5".."9".
   */
  classCount?: number;
  /** Says where example i comes from ("line 12", "example 40 of labels.idx"), for messages. */
  describeExample: (index: number) => string;
  /** The file the labels come from, for messages. */
  file?: string;
}

export function encodeLabels(raw: ArrayLike<string | number>, options: LabelOptions): EncodedLabels {
  if (options.classCount !== undefined) return encodeAsIds(raw, options.classCount, options);
  const values = Array.from(raw, (v) => String(v).trim());
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => v !== '' && Number.isFinite(Number(v)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const idOf = new Map(distinct.map((name, id) => [name, id]));
  const empty = values.indexOf('');
  if (empty >= 0) {
    throw new FinetuneError(
      'label-range',
      `${options.describeExample(empty)} has an empty label`,
      'give every example a label, or remove the examples without one',
      options.file,
    );
  }
  return { classIds: Int32Array.from(values, (v) => idOf.get(v)!), classNames: distinct };
}

function encodeAsIds(raw: ArrayLike<string | number>, classCount: number, options: LabelOptions): EncodedLabels {
  if (!Number.isInteger(classCount) || classCount < 2) {
    throw new FinetuneError('settings', `the class count must be a whole number of 2 or more, not ${classCount}`, 'pass --classes 2 or more, or leave it out to use the labels found');
  }
  const classIds = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const value = Number(raw[i]);
    if (!Number.isInteger(value) || value < 0 || value >= classCount) {
      throw new FinetuneError(
        'label-range',
        `${options.describeExample(i)} has label ${JSON.stringify(raw[i])}, outside the class range 0..${classCount - 1} (${classCount} classes)`,
        `fix that label, or pass a larger class count (labels are class ids: every one must be a whole number from 0 to the count minus 1), or leave the count out to use the labels found as the classes`,
        options.file,
      );
    }
    classIds[i] = value;
  }
  return { classIds, classNames: Array.from({ length: classCount }, (_, i) => String(i)) };
}

/** Examples per class id. */
export function classCounts(classIds: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < classIds.length; i++) counts[classIds[i]!]! += 1;
  return counts;
}
