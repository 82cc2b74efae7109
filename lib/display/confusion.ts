// Counts a confusion matrix (rows: actual class, columns: predicted class) for the `confusion`
// output; the renderer derives per-class precision and recall from the counts.

import type { ConfusionPayload } from '../../common/outputs';
import { classIndices, type ClassIndices } from './classIndices';

/**
 * `actual` and `predicted` are class indices (arrays or 1-D tensors) or one-hot/probability rows
 * (2-D tensors, reduced by argmax); `classNames` fixes the number of classes and their order.
 */
export function confusionPayload(
  actual: ClassIndices,
  predicted: ClassIndices,
  classNames: string[],
  title?: string,
): ConfusionPayload {
  if (classNames.length === 0) throw new Error('confusion needs classNames: one name per class, in index order.');
  const count = Array.isArray(actual) ? actual.length : actual.shape[0]!;
  const rows = classIndices(actual, count, 'actual');
  const cols = classIndices(predicted, count, 'predicted');
  const k = classNames.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < count; i++) {
    const a = rows[i]!;
    const p = cols[i]!;
    if (a >= k || p >= k) {
      throw new Error(
        `class ${Math.max(a, p)} at example ${i} is outside classNames (${k} names, indices 0..${k - 1}).`,
      );
    }
    matrix[a]![p]!++;
  }
  return { version: 1, labels: [...classNames], matrix, ...(title ? { title } : {}) };
}
