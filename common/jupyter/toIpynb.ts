// tlnb notebook -> Jupyter notebook (nbformat 4.5). Sources, kinds and outputs are kept: stream
// text as stream outputs, errors as error outputs, everything else as display_data with every
// MIME type tlnb had (its own rich types included) plus a text/plain and, for image grids, an
// image/png fallback. What Jupyter has no field for goes under metadata.tlnb, so that importing
// the file again gives back the same tlnb notebook. Pure.

import { isRecord } from '../guards';
import { bytesToBase64 } from '../base64';
import { isTextMime, parseJson, type CellFile, type JsonObject, type JsonValue, type NotebookFile, type OutputFile } from '../format';
import {
  JAVASCRIPT_LANGUAGE_INFO,
  splitLines,
  TLNB_KEY,
  TSLAB_KERNELSPEC,
  TYPESCRIPT_LANGUAGE_INFO,
  type IpynbCell,
  type IpynbNotebook,
  type IpynbOutput,
} from './ipynb';
import { fallbackPng, summaryText } from './fallbacks';

export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';
export const ERROR_MIME = 'application/vnd.code.notebook.error';
/** Cell metadata that marks a markdown cell imported from a Jupyter raw cell. */
export const RAW_CELL_KEY = 'jupyter_raw_cell';

const utf8 = new TextDecoder();

export function toIpynb(notebook: NotebookFile): IpynbNotebook {
  const javascriptOnly = notebook.cells.some((c) => c.kind === 'code') && notebook.cells.every((c) => c.kind !== 'code' || c.language === 'javascript');
  const tlnb: JsonObject = {};
  if (hasKeys(notebook.metadata)) tlnb.metadata = notebook.metadata;
  if (hasKeys(notebook.extra)) tlnb.extra = notebook.extra;
  return {
    nbformat: 4,
    nbformat_minor: 5,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- JSON by construction; optional fields of Kernelspec/LanguageInfo do not meet JsonObject's index signature
    metadata: {
      kernelspec: javascriptOnly ? { name: 'jslab', display_name: 'JavaScript', language: 'javascript' } : { ...TSLAB_KERNELSPEC },
      language_info: javascriptOnly ? { ...JAVASCRIPT_LANGUAGE_INFO } : { ...TYPESCRIPT_LANGUAGE_INFO },
      ...(hasKeys(tlnb) ? { [TLNB_KEY]: tlnb } : {}),
    } as IpynbNotebook['metadata'],
    cells: notebook.cells.map((cell, index) => cellToIpynb(cell, `cell-${index + 1}`, javascriptOnly ? 'javascript' : 'typescript')),
  };
}

function cellToIpynb(cell: CellFile, id: string, notebookLanguage: string): IpynbCell {
  const tlnb: JsonObject = {};
  if (hasKeys(cell.extra)) tlnb.extra = cell.extra;
  const source = splitLines(cell.source);
  if (cell.kind === 'markdown') {
    const { [RAW_CELL_KEY]: raw, ...metadata } = cell.metadata;
    if (cell.language !== 'markdown') tlnb.language = cell.language;
    const withTlnb = hasKeys(tlnb) ? { ...metadata, [TLNB_KEY]: tlnb } : metadata;
    return { id, cell_type: raw === true ? 'raw' : 'markdown', metadata: withTlnb, source };
  }
  if (cell.language !== notebookLanguage) tlnb.language = cell.language;
  const metadata: JsonObject = { ...cell.metadata };
  const execution = cell.execution;
  if (execution) {
    // Jupyter's own timing fields (ISO strings); the rest has no Jupyter field.
    const timing: JsonObject = {};
    if (execution.startTime !== undefined) timing['iopub.execute_input'] = new Date(execution.startTime).toISOString();
    if (execution.endTime !== undefined) timing['shell.execute_reply'] = new Date(execution.endTime).toISOString();
    if (hasKeys(timing)) metadata.execution = timing;
    const rest: JsonObject = {};
    if (execution.success !== undefined) rest.success = execution.success;
    if (execution.order !== undefined && execution.order < 0) rest.order = execution.order;
    if (execution.extra && hasKeys(execution.extra)) rest.extra = execution.extra;
    // Marks a cell that had an execution record, even an empty one.
    tlnb.execution = rest;
  }
  return {
    id,
    cell_type: 'code',
    metadata: hasKeys(tlnb) ? { ...metadata, [TLNB_KEY]: tlnb } : metadata,
    source,
    execution_count: execution?.order !== undefined && execution.order >= 0 ? execution.order : null,
    outputs: cell.outputs.flatMap(outputToIpynb),
  };
}

function outputToIpynb(output: OutputFile): IpynbOutput[] {
  const plain = !hasKeys(output.metadata) && !hasKeys(output.extra) && output.items.every((i) => !hasKeys(i.extra));
  if (plain && output.items.length > 0 && output.items.every((i) => i.mime === STDOUT_MIME || i.mime === STDERR_MIME)) {
    return output.items.map((item) => ({ output_type: 'stream', name: item.mime === STDOUT_MIME ? 'stdout' : 'stderr', text: splitLines(utf8.decode(item.data)) }));
  }
  if (plain && output.items.length === 1 && output.items[0]!.mime === ERROR_MIME) {
    const error = errorOf(output.items[0]!.data);
    if (error) return [{ output_type: 'error', ename: error.name, evalue: error.message, traceback: error.stack.split('\n') }];
  }
  const data: Record<string, JsonValue> = {};
  const tlnb: JsonObject = {};
  for (const item of output.items) {
    if (item.mime in data) continue; // a MIME bundle holds one item per type
    data[item.mime] = itemValue(item.mime, item.data);
  }
  const added: string[] = [];
  for (const item of output.items) {
    const payload = item.mime.startsWith('application/vnd.tlnb.') ? data[item.mime] : undefined;
    if (payload === undefined || typeof payload !== 'object') continue;
    const text = summaryText(item.mime, payload);
    if (text !== undefined && !('text/plain' in data)) {
      data['text/plain'] = splitLines(text);
      added.push('text/plain');
    }
    const png = fallbackPng(item.mime, payload);
    if (png && !('image/png' in data)) {
      data['image/png'] = bytesToBase64(png);
      added.push('image/png');
    }
  }
  if (added.length) tlnb.added = added;
  if (hasKeys(output.metadata)) tlnb.metadata = output.metadata;
  if (hasKeys(output.extra)) tlnb.extra = output.extra;
  if (output.items.some((i) => hasKeys(i.extra))) tlnb.itemExtra = output.items.map((i) => i.extra);
  return [{ output_type: 'display_data', data, metadata: hasKeys(tlnb) ? { [TLNB_KEY]: tlnb } : {} }];
}

/** JSON types as JSON values (what Jupyter frontends expect), text as lines, the rest as base64. */
function itemValue(mime: string, bytes: Uint8Array): JsonValue {
  if (isJsonMime(mime)) {
    try {
      return parseJson(utf8.decode(bytes));
    } catch {
      // not JSON after all: kept as text below
    }
  }
  if (isTextMime(mime)) return splitLines(utf8.decode(bytes));
  return bytesToBase64(bytes);
}

export function isJsonMime(mime: string): boolean {
  return /^application\/(.*\+)?json$/.test(mime);
}

function errorOf(bytes: Uint8Array): { name: string; message: string; stack: string } | undefined {
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    if (isRecord(value) && typeof value.name === 'string' && typeof value.message === 'string') {
      return { name: value.name, message: value.message, stack: typeof value.stack === 'string' ? value.stack : `${value.name}: ${value.message}` };
    }
  } catch {
    // not an error item tlnb can read: exported as display_data
  }
  return undefined;
}

function hasKeys(value: object | undefined): boolean {
  return value !== undefined && Object.keys(value).length > 0;
}
