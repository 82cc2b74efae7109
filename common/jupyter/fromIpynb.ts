// Jupyter notebook (nbformat 4) -> tlnb notebook, for TypeScript and JavaScript notebooks (tslab's
// and jslab's kernels, Deno's). Notebooks in other languages are refused with a message saying so.
// Outputs are kept where tlnb can show their MIME types; what was dropped is listed in `warnings`.
// A notebook tlnb exported comes back as it was (see toIpynb.ts and metadata.tlnb). Pure.

import { errorMessage, isRecord } from '../guards';
import { base64ToBytes } from '../base64';
import type { CellFile, JsonObject, JsonValue, NotebookFile, OutputFile, OutputItemFile } from '../format';
import { joinLines, TLNB_KEY, type IpynbCell, type IpynbNotebook, type IpynbOutput } from './ipynb';
import { ERROR_MIME, isJsonMime, RAW_CELL_KEY, STDERR_MIME, STDOUT_MIME } from './toIpynb';

/** Terminal colour codes (ESC [ … m) in a traceback, which a notebook cannot show. */
// eslint-disable-next-line no-control-regex -- the escape character is exactly what this matches
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;

export class IpynbImportError extends Error {
  override name = 'IpynbImportError';
}

export interface ImportResult {
  notebook: NotebookFile;
  /** Each thing that could not be carried over, with the cell it was in. */
  warnings: string[];
}

const utf8 = new TextEncoder();
const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml', 'image/webp', 'image/bmp']);

/** MIME types tlnb's notebooks can show: its own, VS Code's built-in renderers'. */
export function isKnownMime(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    IMAGE_MIMES.has(mime) ||
    mime === 'application/json' ||
    mime === 'application/javascript' ||
    mime.startsWith('application/vnd.tlnb.') ||
    mime.startsWith('application/vnd.code.notebook.')
  );
}

/** `name` is the file's name, used in messages. */
export function fromIpynb(text: string, name: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new IpynbImportError(`${name} is not valid JSON (${errorMessage(error)}); is it a Jupyter notebook?`, { cause: error });
  }
  if (!isNotebookShaped(json)) {
    const why = isRecord(json) && typeof json.nbformat === 'number' ? 'its metadata or one of its cells is not a JSON object' : 'it has no "nbformat" field';
    throw new IpynbImportError(`${name} is not a Jupyter notebook: ${why}.`);
  }
  const nb = json;
  if (nb.nbformat !== 4) {
    throw new IpynbImportError(
      `${name} uses nbformat ${nb.nbformat}; tlnb imports nbformat 4. Open and save it in Jupyter (or run \`jupyter nbconvert --to notebook\`) to upgrade it.`,
    );
  }
  if (!Array.isArray(nb.cells)) throw new IpynbImportError(`${name} has no list of "cells".`);
  const language = notebookLanguage(nb, name);
  const { kernelspec: _k, language_info: _l, [TLNB_KEY]: saved, ...jupyterMetadata } = (nb.metadata ?? {}) as JsonObject;
  const tlnb = objectOr(saved);
  const warnings: string[] = [];
  const cells = nb.cells.map((cell, index) => cellFromIpynb(cell, language, `cell ${index + 1}`, warnings));
  const metadata = tlnb.metadata !== undefined ? objectOr(tlnb.metadata) : (jupyterMetadata as JsonObject);
  return { notebook: { metadata, cells, extra: objectOr(tlnb.extra) }, warnings };
}

/**
 * The outer shape only: an object with a numeric nbformat, its metadata an object, its cells (when
 * a list) objects. The fields inside are read one by one below (objectOr, String, Array.isArray).
 */
function isNotebookShaped(value: unknown): value is Partial<IpynbNotebook> & { nbformat: number } {
  return (
    isRecord(value) &&
    typeof value.nbformat === 'number' &&
    (value.metadata === undefined || isRecord(value.metadata)) &&
    (!Array.isArray(value.cells) || value.cells.every((cell: unknown) => isRecord(cell)))
  );
}

/** 'typescript' or 'javascript', from the kernelspec and language_info; anything else is refused. */
function notebookLanguage(nb: Partial<IpynbNotebook>, name: string): 'typescript' | 'javascript' {
  const kernelspec = nb.metadata?.kernelspec;
  const info = nb.metadata?.language_info;
  const declared = String(kernelspec?.language ?? info?.name ?? '').toLowerCase();
  const kernel = String(kernelspec?.name ?? '').toLowerCase();
  if (['typescript', 'ts'].includes(declared) || (!declared && ['tslab', 'deno'].includes(kernel))) return 'typescript';
  if (['javascript', 'js', 'node', 'nodejs'].includes(declared) || (!declared && kernel === 'jslab')) return 'javascript';
  const what = declared ? `a ${declared} notebook` : 'a notebook with no kernelspec or language_info saying its language';
  const via = kernelspec?.display_name ? ` (kernel "${kernelspec.display_name}")` : '';
  throw new IpynbImportError(
    `${name} is ${what}${via}. tlnb imports TypeScript and JavaScript notebooks only (kernels such as tslab, jslab or Deno); nothing was written.`,
  );
}

function cellFromIpynb(cell: IpynbCell, language: string, where: string, warnings: string[]): CellFile {
  const { [TLNB_KEY]: saved, ...metadata } = objectOr(cell.metadata as JsonValue);
  const tlnb = objectOr(saved);
  const source = joinLines(cell.source);
  const extra = objectOr(tlnb.extra);
  if (cell.cell_type === 'markdown' || cell.cell_type === 'raw') {
    if ('attachments' in cell && cell.attachments && Object.keys(cell.attachments).length) {
      warnings.push(`${where}: attachments (images pasted into markdown) are not carried over`);
    }
    const md: JsonObject = cell.cell_type === 'raw' ? { ...metadata, [RAW_CELL_KEY]: true } : metadata;
    return { kind: 'markdown', language: typeof tlnb.language === 'string' ? tlnb.language : 'markdown', source, metadata: md, outputs: [], extra };
  }
  if (cell.cell_type !== 'code') {
    warnings.push(`${where}: a "${String((cell as { cell_type: unknown }).cell_type)}" cell became a markdown cell`);
    return { kind: 'markdown', language: 'markdown', source, metadata, outputs: [], extra };
  }
  const result: CellFile = {
    kind: 'code',
    language: typeof tlnb.language === 'string' ? tlnb.language : language,
    source,
    metadata,
    outputs: outputsFromIpynb(Array.isArray(cell.outputs) ? cell.outputs : [], where, warnings),
    extra,
  };
  const timing = objectOr(metadata.execution);
  const start = Date.parse(String(timing['iopub.execute_input'] ?? ''));
  const end = Date.parse(String(timing['shell.execute_reply'] ?? ''));
  const savedExecution = tlnb.execution === undefined ? undefined : objectOr(tlnb.execution);
  if (savedExecution) delete metadata.execution; // tlnb's own timing, restored below
  const order = typeof cell.execution_count === 'number' ? cell.execution_count : typeof savedExecution?.order === 'number' ? savedExecution.order : undefined;
  if (savedExecution || order !== undefined) {
    result.execution = {};
    if (order !== undefined) result.execution.order = order;
    if (typeof savedExecution?.success === 'boolean') result.execution.success = savedExecution.success;
    if (savedExecution && !Number.isNaN(start)) result.execution.startTime = start;
    if (savedExecution && !Number.isNaN(end)) result.execution.endTime = end;
    if (savedExecution?.extra !== undefined) result.execution.extra = objectOr(savedExecution.extra);
  }
  return result;
}

function outputsFromIpynb(outputs: IpynbOutput[], where: string, warnings: string[]): OutputFile[] {
  const result: OutputFile[] = [];
  for (const output of outputs) {
    switch (output.output_type) {
      case 'stream': {
        if (output.name !== 'stdout' && output.name !== 'stderr') {
          warnings.push(`${where}: a stream output named "${output.name}" was dropped`);
          break;
        }
        const mime = output.name === 'stdout' ? STDOUT_MIME : STDERR_MIME;
        const item: OutputItemFile = { mime, data: utf8.encode(joinLines(output.text)), extra: {} };
        // Consecutive writes to one stream are one output, as VS Code appends them.
        const last = result.at(-1);
        if (last && last.items.length > 0 && last.items.every((i) => i.mime === mime) && !Object.keys(last.metadata).length) last.items.push(item);
        else result.push({ metadata: {}, items: [item], extra: {} });
        break;
      }
      case 'error': {
        const stack = (Array.isArray(output.traceback) ? output.traceback.join('\n') : '').replace(ANSI_COLOUR, '');
        const error = { name: String(output.ename ?? 'Error'), message: String(output.evalue ?? ''), stack: stack || `${output.ename}: ${output.evalue}` };
        result.push({ metadata: {}, items: [{ mime: ERROR_MIME, data: utf8.encode(JSON.stringify(error)), extra: {} }], extra: {} });
        break;
      }
      case 'display_data':
      case 'execute_result': {
        const { [TLNB_KEY]: saved, ...rest } = objectOr(output.metadata as JsonValue);
        const tlnb = objectOr(saved);
        const added = new Set(Array.isArray(tlnb.added) ? tlnb.added : []);
        const itemExtra = Array.isArray(tlnb.itemExtra) ? tlnb.itemExtra : [];
        const items: OutputItemFile[] = [];
        for (const [mime, value] of Object.entries(objectOr(output.data as JsonValue))) {
          if (added.has(mime)) continue;
          if (!isKnownMime(mime)) {
            warnings.push(`${where}: output type ${mime} dropped (no renderer for it in tlnb)`);
            continue;
          }
          items.push({ mime, data: itemBytes(mime, value), extra: objectOr(itemExtra[items.length]) });
        }
        if (items.length === 0) break;
        const metadata = tlnb.metadata !== undefined ? objectOr(tlnb.metadata) : (rest as JsonObject);
        result.push({ metadata, items, extra: objectOr(tlnb.extra) });
        break;
      }
      default:
        warnings.push(`${where}: an output of type "${String((output as { output_type: unknown }).output_type)}" was dropped`);
    }
  }
  return result;
}

function itemBytes(mime: string, value: JsonValue): Uint8Array {
  if (isJsonMime(mime)) return utf8.encode(typeof value === 'string' ? value : JSON.stringify(value));
  const text = Array.isArray(value) ? value.map(String).join('') : String(value);
  if (mime.startsWith('text/') || mime === 'image/svg+xml' || mime === 'application/javascript' || mime.startsWith('application/vnd.code.notebook.')) {
    return utf8.encode(text);
  }
  return base64ToBytes(text);
}

function objectOr(value: JsonValue | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
}
