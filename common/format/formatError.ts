// The one error a .tlnb reader throws for a file it will not open: what is wrong, and where.

export class FormatError extends Error {
  constructor(
    readonly problem: string,
    /** 1-based; absent when the problem has no single place (never for JSON syntax errors). */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? problem : `line ${line}, column ${column}: ${problem}`);
    this.name = 'FormatError';
  }
}
