// Writes a NotebookFile as stable, diff-friendly JSON: fixed key order, two-space indentation,
// one source line per JSON line, a trailing newline. Text it wrote parses and writes back byte for byte.

import { encodeItemData } from './itemData';
import { FORMAT_VERSION, setField, type CellFile, type JsonObject, type JsonValue, type NotebookFile, type OutputFile } from './model';

export function serializeNotebook(notebook: NotebookFile): string {
  const file: JsonObject = { tlnb: FORMAT_VERSION };
  if (hasKeys(notebook.metadata)) file.metadata = sortedKeys(notebook.metadata);
  file.cells = notebook.cells.map(cellToJson);
  addFields(file, withoutKeys(notebook.extra, file));
  return `${notebook.byteOrderMark ? '\uFEFF' : ''}${JSON.stringify(file, null, 2)}\n`;
}

function cellToJson(cell: CellFile): JsonObject {
  const json: JsonObject = { kind: cell.kind };
  if (cell.kind === 'code' || cell.language !== 'markdown') json.language = cell.language;
  json.source = cell.source.split('\n');
  if (hasKeys(cell.metadata)) json.metadata = sortedKeys(cell.metadata);
  if (cell.execution) {
    const { extra, ...known } = cell.execution;
    const execution: JsonObject = {};
    for (const key of ['order', 'success', 'startTime', 'endTime'] as const) {
      if (known[key] !== undefined) execution[key] = known[key];
    }
    if (extra) addFields(execution, withoutKeys(extra, execution));
    if (hasKeys(execution)) json.execution = execution;
  }
  if (cell.kind === 'code') json.outputs = cell.outputs.map(outputToJson);
  return addFields(json, withoutKeys(cell.extra, json));
}

function outputToJson(output: OutputFile): JsonObject {
  const json: JsonObject = {};
  if (hasKeys(output.metadata)) json.metadata = sortedKeys(output.metadata);
  json.items = output.items.map((item) => {
    const itemJson: JsonObject = { mime: item.mime, ...encodeItemData(item.mime, item.data) };
    return addFields(itemJson, withoutKeys(item.extra, itemJson));
  });
  return addFields(json, withoutKeys(output.extra, json));
}

function hasKeys(object: JsonObject): boolean {
  return Object.keys(object).length > 0;
}

/** Unknown fields never replace known ones (they cannot collide when read, but may when built by hand). */
function withoutKeys(extra: JsonObject, known: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(extra)) if (!Object.hasOwn(known, key)) setField(kept, key, value);
  return kept;
}

/** Object.assign for JSON fields, keeping a "__proto__" field a field (see setField). */
function addFields(target: JsonObject, fields: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(fields)) setField(target, key, value);
  return target;
}

function sortedKeys(value: JsonObject): JsonObject;
function sortedKeys(value: JsonValue): JsonValue;
function sortedKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) setField(sorted, key, sortedKeys(value[key]!));
  return sorted;
}
