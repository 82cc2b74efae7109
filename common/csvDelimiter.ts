// The delimiter of a CSV file, read from its header line: the one of comma, semicolon and tab the
// line uses most (comma when it uses none). The fine-tune's CSV reader and the wizard's label-column
// step both use it, so the columns the wizard offers are the ones fine-tuning reads. Pure.

export const CSV_DELIMITERS = [',', ';', '\t'] as const;

/** `text` may be the whole header line or a file's start (only the first line counts). */
export function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = CSV_DELIMITERS.map((d) => [d, header.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}
