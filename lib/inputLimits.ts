// The memory budget for what tlnb reads from files it is given (data sets, images, model weights):
// every size a file declares (an IDX header's dimensions, a PNG's width and height, a weights
// manifest's shapes, a CSV's columns) is checked against it BEFORE anything of that size is
// decoded or allocated, so a small hostile file cannot make tlnb take gigabytes. docs/security.md
// lists the checks.

/**
 * 256 MiB: the full MNIST training set as floats (60,000 × 784 × 4 bytes = 188 MB) fits, and what a
 * file within the budget makes tlnb hold at once (the raw bytes, the floats, the training/validation
 * copies) stays under 1 GiB. Larger data sets: set TLNB_MEMORY_BUDGET_MB.
 */
export const DEFAULT_MEMORY_BUDGET_MB = 256;
export const MEMORY_BUDGET_ENV = 'TLNB_MEMORY_BUDGET_MB';

/**
 * Decoding an image holds its RGBA bytes (4 per pixel) and the float copy the model input is made
 * from (4 per channel, up to 3), plus the decoder's own buffers: 24 bytes per pixel bounds it.
 */
export const IMAGE_BYTES_PER_PIXEL = 24;

/** A CSV's columns (the label and the features): 100,000 is 300 × 300 RGB pixels and more. */
export const MAX_CSV_COLUMNS = 100_000;
/**
 * One CSV record (a line, or several when a quoted cell holds line breaks), in bytes: a longer one is
 * refused while it is being read, so a file without line breaks, or with a quote that is never
 * closed, is not taken in whole.
 */
export const MAX_CSV_RECORD_BYTES = 4 * 1024 * 1024;
/** Different labels (classes) in a data set: more means the label column is an id or a measurement. */
export const MAX_CLASSES = 10_000;

/** The budget in bytes: TLNB_MEMORY_BUDGET_MB when set (a whole number of MiB, at least 1), else 256 MiB. */
export function memoryBudgetBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[MEMORY_BUDGET_ENV];
  if (text === undefined || text.trim() === '') return DEFAULT_MEMORY_BUDGET_MB * MIB;
  const mb = Number(text);
  if (!Number.isInteger(mb) || mb < 1) {
    throw new RangeError(`${MEMORY_BUDGET_ENV} must be a whole number of MiB (at least 1), not "${text}"`);
  }
  return mb * MIB;
}

const MIB = 1024 * 1024;

/** "7.2 GB", "188 MB", "512 bytes": sizes in messages, decimal units as file managers show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "the memory budget of 256 MiB (TLNB_MEMORY_BUDGET_MB)" */
export function budgetText(budget: number): string {
  return `the memory budget of ${Math.round(budget / MIB)} MiB (${MEMORY_BUDGET_ENV})`;
}

/** What to do when a legitimate file is over the budget. */
export const RAISE_BUDGET = `if the file is what you meant, set ${MEMORY_BUDGET_ENV} to a larger number of MiB`;
