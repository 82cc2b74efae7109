// Classification metrics over plain label arrays. Pure, so the numbers a notebook checks are testable.

/** matrix[actual][predicted] counts for classes 0..classes-1. */
export function confusionCounts(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (actual.length !== predicted.length) {
    throw new RangeError(`confusion counts need as many predictions as labels: ${actual.length} labels, ${predicted.length} predictions`);
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!(a >= 0 && a < classes && p >= 0 && p < classes)) {
      throw new RangeError(`example ${i} has class ${a} → ${p}, outside 0..${classes - 1}`);
    }
    matrix[a]![p]! += 1;
  }
  return matrix;
}

/** Fraction of examples whose prediction equals the label. */
export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (actual.length !== predicted.length || actual.length === 0) {
    throw new RangeError(`accuracy needs equally many labels and predictions, at least one: ${actual.length} and ${predicted.length}`);
  }
  let right = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) right++;
  return right / actual.length;
}

/** For each class: of the examples that are this class, the fraction predicted as it (NaN when none). */
export function recallPerClass(matrix: number[][]): number[] {
  return matrix.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : row[c]! / total;
  });
}

/** For each class: of the examples predicted as this class, the fraction that are it (NaN when none). */
export function precisionPerClass(matrix: number[][]): number[] {
  return matrix.map((_, c) => {
    const total = matrix.reduce((sum, row) => sum + row[c]!, 0);
    return total === 0 ? NaN : matrix[c]![c]! / total;
  });
}
