// The in-memory form of a .tlnb file, independent of VS Code so that the extension, the
// headless kernel CLI and the tests share one reader and one writer.
// docs/format.md describes the file; docs/tlnb.schema.json is its JSON Schema.

/** The newest format version this code reads and the one it writes. */
export const FORMAT_VERSION = 1;

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** JSON.parse without a reviver: its result is a JsonValue by construction (no cast needed, none claimed). */
export function parseJson(text: string): JsonValue {
  const value: JsonValue = JSON.parse(text);
  return value;
}
export interface JsonObject {
  [key: string]: JsonValue;
}

export type CellKind = 'markdown' | 'code';

export interface NotebookFile {
  metadata: JsonObject;
  cells: CellFile[];
  /** Top-level fields this version does not know; written back unchanged. */
  extra: JsonObject;
  /** The file started with a UTF-8 byte order mark; the writer keeps it. */
  byteOrderMark?: boolean;
}

export interface CellFile {
  kind: CellKind;
  /** `markdown` for markdown cells; `typescript` for code cells unless the file says otherwise. */
  language: string;
  source: string;
  metadata: JsonObject;
  /** Always empty for markdown cells. */
  outputs: OutputFile[];
  execution?: ExecutionFile;
  extra: JsonObject;
}

export interface ExecutionFile {
  order?: number;
  success?: boolean;
  /** Milliseconds since the Unix epoch, as VS Code reports them. */
  startTime?: number;
  endTime?: number;
  extra?: JsonObject;
}

export interface OutputFile {
  metadata: JsonObject;
  items: OutputItemFile[];
  extra: JsonObject;
}

export interface OutputItemFile {
  mime: string;
  data: Uint8Array;
  extra: JsonObject;
}

export function emptyNotebook(): NotebookFile {
  return { metadata: {}, cells: [], extra: {} };
}

/**
 * Sets a key as an own, enumerable property. Unlike `object[key] = value` (and Object.assign), a key
 * named "__proto__" becomes an ordinary field instead of replacing the object's prototype.
 */
export function setField(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
