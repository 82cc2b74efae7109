// Per-class precision and recall from a confusion matrix (rows actual, columns predicted).

export interface ConfusionMetrics {
  total: number;
  accuracy: number;
  /** precision[c] = matrix[c][c] / column sum; NaN when nothing was predicted as c. */
  precision: number[];
  /** recall[c] = matrix[c][c] / row sum; NaN when no example is of class c. */
  recall: number[];
  rowSums: number[];
  colSums: number[];
}

export function confusionMetrics(matrix: number[][]): ConfusionMetrics {
  const k = matrix.length;
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: k }, (_, c) => matrix.reduce((sum, row) => sum + (row[c] ?? 0), 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const diagonal = matrix.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return {
    total,
    accuracy: total ? diagonal / total : NaN,
    precision: matrix.map((row, c) => (colSums[c] ? row[c]! / colSums[c]! : NaN)),
    recall: matrix.map((row, c) => (rowSums[c] ? row[c]! / rowSums[c]! : NaN)),
    rowSums,
    colSums,
  };
}
