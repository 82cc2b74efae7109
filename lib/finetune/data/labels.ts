// Turning raw labels (numbers from an IDX file, names or numbers from a CSV column, folder names)
// into class ids 0..K-1 plus the class names, and checking them. Pure.
// (Labels are checked as they are added, so the first bad one is named with where it is.)

import { MAX_CLASSES } from '../../inputLimits';
import { FinetuneError } from '../errors';
import { TypedBlocks } from './typedBlocks';

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

/**
 * Encodes labels one at a time as a file is read (a CSV is streamed, so its labels never exist as
 * one array of strings): add() checks each label as it comes, finish() sorts the classes.
 */
export class LabelEncoder {
  /** Provisional ids in order of first appearance; finish() maps them to the sorted order. */
  private readonly firstSeen = new Map<string, number>();
  private readonly ids = new TypedBlocks((n) => new Int32Array(n));

  constructor(private readonly options: LabelOptions) {
    const { classCount } = options;
    if (classCount !== undefined && (!Number.isInteger(classCount) || classCount < 2)) {
      throw new FinetuneError('settings', `the class count must be a whole number of 2 or more, not ${classCount}`, 'pass --classes 2 or more, or leave it out to use the labels found');
    }
  }

  get count(): number {
    return this.ids.length;
  }

  add(raw: string | number): void {
    const index = this.ids.length;
    const { classCount } = this.options;
    if (classCount !== undefined) {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0 || value >= classCount) {
        throw new FinetuneError(
          'label-range',
          `${this.options.describeExample(index)} has label ${JSON.stringify(raw)}, outside the class range 0..${classCount - 1} (${classCount} classes)`,
          `fix that label, or pass a larger class count (labels are class ids: every one must be a whole number from 0 to the count minus 1), or leave the count out to use the labels found as the classes`,
          this.options.file,
        );
      }
      this.ids.push(value);
      return;
    }
    const name = String(raw).trim();
    if (name === '') {
      throw new FinetuneError('label-range', `${this.options.describeExample(index)} has an empty label`, 'give every example a label, or remove the examples without one', this.options.file);
    }
    let id = this.firstSeen.get(name);
    if (id === undefined) {
      if (this.firstSeen.size >= MAX_CLASSES) {
        throw new FinetuneError(
          'label-range',
          `${this.options.describeExample(index)} has label ${JSON.stringify(name.slice(0, 80))}, the ${(MAX_CLASSES + 1).toLocaleString('en-US')}th different one; tlnb takes at most ${MAX_CLASSES.toLocaleString('en-US')} classes`,
          'check that the label column is the class and not an id or a measurement (pass --label-column NAME)',
          this.options.file,
        );
      }
      id = this.firstSeen.size;
      this.firstSeen.set(name, id);
    }
    this.ids.push(id);
  }

  finish(): EncodedLabels {
    const { classCount } = this.options;
    const ids = this.ids.toArray();
    if (classCount !== undefined) return { classIds: ids, classNames: Array.from({ length: classCount }, (_, i) => String(i)) };
    const distinct = [...this.firstSeen.keys()];
    const numeric = distinct.every((v) => Number.isFinite(Number(v)));
    distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const finalId = new Int32Array(distinct.length);
    distinct.forEach((name, id) => (finalId[this.firstSeen.get(name)!] = id));
    for (let i = 0; i < ids.length; i++) ids[i] = finalId[ids[i]!]!;
    return { classIds: ids, classNames: distinct };
  }
}

export function encodeLabels(raw: ArrayLike<string | number>, options: LabelOptions): EncodedLabels {
  const encoder = new LabelEncoder(options);
  for (let i = 0; i < raw.length; i++) encoder.add(raw[i]!);
  return encoder.finish();
}

/** Examples per class id. */
export function classCounts(classIds: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < classIds.length; i++) counts[classIds[i]!]! += 1;
  return counts;
}
