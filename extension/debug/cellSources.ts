// Debug Cell's mapping between a notebook cell and the path its source map names (see
// kernel/debug/debugSourceMap.ts). VS Code's JavaScript debugger knows nothing of notebook cells:
// the messages it exchanges with VS Code are rewritten so that it sees that path where VS Code
// says `vscode-notebook-cell:…`, and VS Code sees the cell, named "Cell N", where it says the path.
// No vscode import: the rewriting is plain data (tested in test/unit/extension/debugCell.test.ts).

import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The absolute path that stands for the cell whose document URI is `cellUri` while it is debugged:
 * stable for the cell (a breakpoint set before the run maps to it), distinct per cell, never
 * created on disk. `notebookName` (the file name) makes it readable where it shows.
 */
export function debugSourcePath(cellUri: string, notebookName: string): string {
  const stem = notebookName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'notebook';
  const hash = createHash('sha256').update(cellUri).digest('hex').slice(0, 12);
  return join(tmpdir(), 'tlnb-debug', `${stem}-cell-${hash}.ts`);
}

/** The cells one debug session may show, both ways. */
export interface CellSourceLookup {
  /** The debug path of the cell with this document URI (as VS Code writes it), if it is one of ours. */
  pathForCell(uri: string): string | undefined;
  /** The cell a debug path stands for, with its URI and its name ("Cell 3"). */
  cellForPath(path: string): { uri: string; name: string } | undefined;
}

/** The Debug Adapter Protocol's Source, as far as the rewriting needs it. */
export interface DapSource {
  name?: string;
  path?: string;
  sourceReference?: number;
  [key: string]: unknown;
}

interface DapMessage {
  type: string;
  command?: string;
  event?: string;
  success?: boolean;
  arguments?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/** VS Code to debugger: cell URIs in requests become the cells' debug paths. Changes `message` in place. */
export function rewriteToAdapter(message: unknown, lookup: CellSourceLookup): void {
  const m = message as DapMessage;
  if (m.type !== 'request' || !m.arguments) return;
  const source = m.arguments.source as DapSource | undefined;
  if (!source?.path) return;
  const path = lookup.pathForCell(source.path);
  if (path) source.path = path;
}

/** Debugger to VS Code: sources at a cell's debug path become the cell. Changes `message` in place. */
export function rewriteToEditor(message: unknown, lookup: CellSourceLookup): void {
  const m = message as DapMessage;
  const body = m.body;
  if (!body) return;
  const each = (sources: Array<DapSource | undefined> | undefined) => {
    for (const source of sources ?? []) if (source) toCell(source, lookup);
  };
  if (m.type === 'event') {
    if (m.event === 'loadedSource' || m.event === 'output') each([body.source as DapSource | undefined]);
    else if (m.event === 'breakpoint') each([(body.breakpoint as { source?: DapSource } | undefined)?.source]);
  } else if (m.type === 'response' && m.success) {
    const list = (key: string) => (Array.isArray(body[key]) ? (body[key] as Array<{ source?: DapSource }>) : []);
    if (m.command === 'stackTrace') each(list('stackFrames').map((f) => f.source));
    else if (m.command === 'setBreakpoints' || m.command === 'setFunctionBreakpoints') each(list('breakpoints').map((b) => b.source));
    else if (m.command === 'scopes') each(list('scopes').map((s) => s.source));
    else if (m.command === 'loadedSources') each(list('sources') as DapSource[]);
  }
}

function toCell(source: DapSource, lookup: CellSourceLookup): void {
  if (!source.path) return;
  const cell = lookup.cellForPath(source.path);
  if (!cell) return;
  source.path = cell.uri;
  source.name = cell.name;
  // VS Code opens the cell itself, not the debugger's copy of its text.
  delete source.sourceReference;
}
