// The parts of Jupyter's notebook format (nbformat 4.5) that tlnb reads and writes, and the
// kernelspecs of the TypeScript/JavaScript kernels whose notebooks it imports. The format's
// JSON Schema is vendored in test/fixtures/nbformat/ and checked against the exporter in tests.

import type { JsonObject, JsonValue } from '../format';

/** A string or a list of lines (each but the last ending in "\n"), as nbformat stores text. */
export type MultilineString = string | string[];

export interface IpynbNotebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: JsonObject & { kernelspec?: Kernelspec; language_info?: LanguageInfo };
  cells: IpynbCell[];
}

export interface Kernelspec {
  name: string;
  display_name: string;
  language?: string;
}

export interface LanguageInfo {
  name: string;
  file_extension?: string;
  mimetype?: string;
  version?: string;
  [key: string]: JsonValue | undefined;
}

export type IpynbCell =
  | { id?: string; cell_type: 'markdown' | 'raw'; metadata: JsonObject; source: MultilineString; attachments?: JsonObject }
  | { id?: string; cell_type: 'code'; metadata: JsonObject; source: MultilineString; execution_count: number | null; outputs: IpynbOutput[] };

export type IpynbOutput =
  | { output_type: 'stream'; name: string; text: MultilineString }
  | { output_type: 'display_data'; data: Record<string, JsonValue>; metadata: JsonObject }
  | { output_type: 'execute_result'; data: Record<string, JsonValue>; metadata: JsonObject; execution_count: number | null }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** What an exported notebook says it needs: tslab's TypeScript kernel, the most used one. */
export const TSLAB_KERNELSPEC: Kernelspec = { name: 'tslab', display_name: 'TypeScript', language: 'typescript' };
export const TYPESCRIPT_LANGUAGE_INFO: LanguageInfo = {
  name: 'typescript',
  file_extension: '.ts',
  mimetype: 'text/typescript',
  codemirror_mode: { name: 'javascript', typescript: true },
};
export const JAVASCRIPT_LANGUAGE_INFO: LanguageInfo = {
  name: 'javascript',
  file_extension: '.js',
  mimetype: 'text/javascript',
  codemirror_mode: { name: 'javascript' },
};

/**
 * Metadata key under which tlnb keeps, in an exported notebook, what Jupyter has no field for
 * (notebook metadata, a cell's language and timing, fallbacks it added), so an import restores it.
 */
export const TLNB_KEY = 'tlnb';

/** Joins nbformat's multiline text. */
export function joinLines(text: MultilineString | undefined): string {
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

/** Splits text into nbformat's list of lines, each keeping its "\n". */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((line) => `${line}\n`);
  const last = lines.length - 1;
  lines[last] = lines[last]!.slice(0, -1);
  return lines[last] === '' ? lines.slice(0, last) : lines;
}
