// Turns what a cell threw into the error a user reads: the message, then stack frames that point at
// the cell and line they wrote (through esbuild's source map), without the kernel's own frames,
// then the offending line of the cell with a caret under the column.

import { SourceMap } from 'node:module';
import { inspect } from 'node:util';
import type { CellErrorInfo } from '../../common/protocol';
import type { CellSyntaxError, RawSourceMap } from '../transpile/transpileCell';
import { throwSite } from './thrownValues';

export interface CellRecord {
  label: string;
  source: string;
  map: RawSourceMap;
  /** Built on first use: most cells never throw. */
  parsed?: SourceMap;
}

/** Evaluated cells by the file name they run under (`//# sourceURL`), for mapping frames later. */
export class CellRegistry {
  private readonly cells = new Map<string, CellRecord>();

  add(fileName: string, record: CellRecord): void {
    this.cells.set(fileName, record);
  }

  /** Maps a 1-based position in evaluated code back to the cell; undefined for non-cell files. */
  locate(fileName: string, line: number, column: number): { record: CellRecord; line: number; column: number } | undefined {
    const record = this.cells.get(fileName);
    if (!record) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- esbuild's source map v3 is the payload node:module's SourceMap reads; the two packages type it apart
    record.parsed ??= new SourceMap(record.map as never);
    const entry = record.parsed.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined) return { record, line, column };
    return { record, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  }
}

/** `at name (file:line:col)` or `at file:line:col`; the file may itself contain colons. */
const FRAME = /^(\s*at .*?)\(?([^()\s]+?):(\d+):(\d+)\)?$/;

/**
 * @param isKernelFile files whose frames are dropped (the kernel bundle, Node internals).
 */
export function describeThrown(
  thrown: unknown,
  cells: CellRegistry,
  isKernelFile: (file: string) => boolean,
  /** Where V8 saw it thrown (from the inspector), for values that carry no stack (`throw 'x'`). */
  location?: { url: string; line: number; column: number },
  /** The cell whose code started the work that threw, when nothing else locates it. */
  origin?: string,
): CellErrorInfo {
  if (!(thrown instanceof Error) || typeof thrown.stack !== 'string') {
    const text = inspect(thrown, { depth: 3 });
    const site = throwSite(thrown) ?? location;
    const located = site ? cells.locate(site.url, site.line, site.column) : undefined;
    if (located) {
      const excerpt = codeExcerpt(located.record, located.line, located.column);
      return { name: 'Uncaught', message: text, stack: `Uncaught ${text}\n    at ${located.record.label}:${located.line}:${located.column}${excerpt ? `\n\n${excerpt}` : ''}` };
    }
    return { name: 'Uncaught', message: text, stack: `Uncaught ${text}${origin ? `\n    in code that ${origin} started` : ''}` };
  }
  const lines = thrown.stack.split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  const header = firstFrame === -1 ? lines : lines.slice(0, firstFrame);
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame);

  const kept: string[] = [];
  let excerpt: string | undefined;
  for (const frame of frames) {
    const match = FRAME.exec(frame);
    if (!match) {
      if (!/\(native\)|<anonymous>/.test(frame)) kept.push(frame);
      continue;
    }
    const [, before = '', file = '', line = '', column = ''] = match;
    const located = cells.locate(file, Number(line), Number(column));
    if (located) {
      const where = `${located.record.label}:${located.line}:${located.column}`;
      kept.push(frame.includes('(') ? `${before}(${where})` : `${before}${where}`);
      excerpt ??= codeExcerpt(located.record, located.line, located.column);
    } else if (!isKernelFile(file)) {
      kept.push(frame);
    }
  }
  const stack = [...header, ...kept.map((f) => `    ${f.trim()}`)].join('\n') + (excerpt ? `\n\n${excerpt}` : '');
  return { name: thrown.name, message: thrown.message, stack };
}

export function describeSyntaxError(error: CellSyntaxError, label: string, source: string): CellErrorInfo {
  const line = error.line;
  const column = error.column + 1;
  const record: CellRecord = { label, source, map: { version: 3, sources: [], names: [], mappings: '' } };
  return {
    name: 'SyntaxError',
    message: `${error.message} (${label}, line ${line}, column ${column})`,
    stack: `SyntaxError: ${error.message}\n    at ${label}:${line}:${column}\n\n${codeExcerpt(record, line, column)}`,
  };
}

/** The cell's line with a caret under the column, and the line before it for context. */
function codeExcerpt(record: CellRecord, line: number, column: number): string {
  const lines = record.source.split('\n');
  const text = lines[line - 1];
  if (text === undefined) return '';
  const gutter = String(line).length;
  const out: string[] = [];
  const previous = lines[line - 2];
  if (previous !== undefined && previous.trim() !== '') out.push(`  ${String(line - 1).padStart(gutter)} | ${previous}`);
  out.push(`> ${String(line)} | ${text}`);
  out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  return out.join('\n');
}
