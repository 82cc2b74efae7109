// Debug Cell's mapping between a notebook cell and the path its source map names (see
// kernel/debug/debugSourceMap.ts). VS Code's JavaScript debugger knows nothing of notebook cells:
// the messages it exchanges with VS Code are rewritten so that it sees that path where VS Code
// says `vscode-notebook-cell:…`, and VS Code sees the cell, named "Cell N", where it says the path.
// No vscode import: the rewriting is plain data (tested in test/unit/extension/debugCell.test.ts).

import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRecord } from '../../common/guards';

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

// Debug Adapter Protocol messages arrive untyped (VS Code's tracker passes `any`): each field the
// rewriting reads is checked, and a message of any other shape passes unchanged.

/** VS Code to debugger: cell URIs in requests become the cells' debug paths. Changes `message` in place. */
export function rewriteToAdapter(message: unknown, lookup: CellSourceLookup): void {
  if (!isRecord(message) || message.type !== 'request' || !isRecord(message.arguments)) return;
  const source = message.arguments.source;
  if (!isRecord(source) || typeof source.path !== 'string' || !source.path) return;
  const path = lookup.pathForCell(source.path);
  if (path) source.path = path;
}

/** Debugger to VS Code: sources at a cell's debug path become the cell. Changes `message` in place. */
export function rewriteToEditor(message: unknown, lookup: CellSourceLookup): void {
  if (!isRecord(message) || !isRecord(message.body)) return;
  const body = message.body;
  const each = (sources: unknown[]) => {
    for (const source of sources) if (isRecord(source)) toCell(source, lookup);
  };
  /** The `source` field of each item in the list `body[key]` (stack frames, breakpoints, scopes). */
  const sourcesIn = (key: string): unknown[] => {
    const items = body[key];
    return Array.isArray(items) ? items.map((item: unknown) => (isRecord(item) ? item.source : undefined)) : [];
  };
  if (message.type === 'event') {
    if (message.event === 'loadedSource' || message.event === 'output') each([body.source]);
    else if (message.event === 'breakpoint') each([isRecord(body.breakpoint) ? body.breakpoint.source : undefined]);
  } else if (message.type === 'response' && message.success) {
    if (message.command === 'stackTrace') each(sourcesIn('stackFrames'));
    else if (message.command === 'setBreakpoints' || message.command === 'setFunctionBreakpoints') each(sourcesIn('breakpoints'));
    else if (message.command === 'scopes') each(sourcesIn('scopes'));
    else if (message.command === 'loadedSources') {
      const sources = body.sources;
      if (Array.isArray(sources)) each(sources);
    }
  }
}

/** A DAP Source (name, path, sourceReference) at a cell's debug path becomes the cell. */
function toCell(source: Record<string, unknown>, lookup: CellSourceLookup): void {
  if (typeof source.path !== 'string' || !source.path) return;
  const cell = lookup.cellForPath(source.path);
  if (!cell) return;
  source.path = cell.uri;
  source.name = cell.name;
  // VS Code opens the cell itself, not the debugger's copy of its text.
  delete source.sourceReference;
}
