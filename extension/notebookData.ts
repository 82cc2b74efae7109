// Converts between the file model (common/format) and VS Code's NotebookData.
// Fields this version does not know travel in metadata under the keys below, so they survive
// editing in VS Code and are written back where they came from.

import * as vscode from 'vscode';
import { setField, type CellFile, type JsonObject, type NotebookFile, type OutputFile } from '../common/format';

const UNKNOWN_FIELDS = 'tlnb:unknownFields';
const UNKNOWN_EXECUTION_FIELDS = 'tlnb:unknownExecutionFields';
const UNKNOWN_ITEM_FIELDS = 'tlnb:unknownItemFields';
/** The file started with a UTF-8 byte order mark, which a save keeps. */
const BYTE_ORDER_MARK = 'tlnb:byteOrderMark';
const HIDDEN_KEYS = new Set([UNKNOWN_FIELDS, UNKNOWN_EXECUTION_FIELDS, UNKNOWN_ITEM_FIELDS, BYTE_ORDER_MARK]);

export function toNotebookData(file: NotebookFile): vscode.NotebookData {
  const data = new vscode.NotebookData(file.cells.map(toCellData));
  data.metadata = withHidden(file.metadata, { [UNKNOWN_FIELDS]: file.extra, ...(file.byteOrderMark ? { [BYTE_ORDER_MARK]: true } : {}) });
  return data;
}

export function fromNotebookData(data: vscode.NotebookData): NotebookFile {
  const [metadata, hidden] = splitHidden(data.metadata ?? {});
  const file: NotebookFile = { metadata, cells: data.cells.map(fromCellData), extra: objectOrEmpty(hidden[UNKNOWN_FIELDS]) };
  if (hidden[BYTE_ORDER_MARK] === true) file.byteOrderMark = true;
  return file;
}

function toCellData(cell: CellFile): vscode.NotebookCellData {
  const kind = cell.kind === 'code' ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup;
  const data = new vscode.NotebookCellData(kind, cell.source, cell.language);
  data.metadata = withHidden(cell.metadata, {
    [UNKNOWN_FIELDS]: cell.extra,
    [UNKNOWN_EXECUTION_FIELDS]: cell.execution?.extra ?? {},
  });
  data.outputs = cell.outputs.map(toOutput);
  const execution = cell.execution;
  if (execution && (execution.order !== undefined || execution.success !== undefined || execution.startTime !== undefined)) {
    data.executionSummary = {
      executionOrder: execution.order,
      success: execution.success,
      timing:
        execution.startTime !== undefined && execution.endTime !== undefined
          ? { startTime: execution.startTime, endTime: execution.endTime }
          : undefined,
    };
  }
  return data;
}

function fromCellData(data: vscode.NotebookCellData): CellFile {
  const [metadata, hidden] = splitHidden(data.metadata ?? {});
  const cell: CellFile = {
    kind: data.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
    language: data.languageId,
    source: data.value,
    metadata,
    outputs: data.kind === vscode.NotebookCellKind.Code ? (data.outputs ?? []).map(fromOutput) : [],
    extra: objectOrEmpty(hidden[UNKNOWN_FIELDS]),
  };
  const summary = data.executionSummary;
  const executionExtra = objectOrEmpty(hidden[UNKNOWN_EXECUTION_FIELDS]);
  if (summary || Object.keys(executionExtra).length > 0) {
    cell.execution = {};
    if (summary?.executionOrder !== undefined) cell.execution.order = summary.executionOrder;
    if (summary?.success !== undefined) cell.execution.success = summary.success;
    if (summary?.timing) {
      cell.execution.startTime = Math.round(summary.timing.startTime);
      cell.execution.endTime = Math.round(summary.timing.endTime);
    }
    if (Object.keys(executionExtra).length > 0) cell.execution.extra = executionExtra;
  }
  return cell;
}

function toOutput(output: OutputFile): vscode.NotebookCellOutput {
  const items = output.items.map((item) => new vscode.NotebookCellOutputItem(item.data, item.mime));
  const itemExtras = output.items.map((item) => item.extra);
  return new vscode.NotebookCellOutput(
    items,
    withHidden(output.metadata, {
      [UNKNOWN_FIELDS]: output.extra,
      [UNKNOWN_ITEM_FIELDS]: itemExtras.some((e) => Object.keys(e).length > 0) ? itemExtras : [],
    }),
  );
}

function fromOutput(output: vscode.NotebookCellOutput): OutputFile {
  const [metadata, hidden] = splitHidden((output.metadata ?? {}) as JsonObject);
  const itemExtras = Array.isArray(hidden[UNKNOWN_ITEM_FIELDS]) ? hidden[UNKNOWN_ITEM_FIELDS] : [];
  return {
    metadata,
    items: output.items.map((item, i) => ({ mime: item.mime, data: item.data, extra: objectOrEmpty(itemExtras[i]) })),
    extra: objectOrEmpty(hidden[UNKNOWN_FIELDS]),
  };
}

/** Adds the non-empty hidden entries to a copy of the metadata. */
function withHidden(metadata: JsonObject, hidden: Record<string, JsonObject | JsonObject[] | true>): JsonObject {
  const result: JsonObject = { ...metadata };
  for (const [key, value] of Object.entries(hidden)) {
    if (value === true || (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0)) result[key] = value;
  }
  return result;
}

function splitHidden(metadata: { [key: string]: unknown }): [JsonObject, JsonObject] {
  const visible: JsonObject = {};
  const hidden: JsonObject = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value === undefined) continue;
    // setField: a "__proto__" key in metadata is an ordinary field and must survive the trip.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- VS Code's notebook metadata holds what toNotebookData put there, from the file's JSON
    setField(HIDDEN_KEYS.has(key) ? hidden : visible, key, value as JsonObject);
  }
  return [visible, hidden];
}

function objectOrEmpty(value: unknown): JsonObject {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- VS Code's notebook metadata holds what toNotebookData put there, from the file's JSON
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}
