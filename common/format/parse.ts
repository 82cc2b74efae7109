// Reads .tlnb text into a NotebookFile, or throws a FormatError that says what is wrong and where.
// It never guesses: a file it cannot read exactly is refused, so nothing can be lost on save.

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FormatError } from './formatError';
import { decodeItemData } from './itemData';
import { MAX_JSON_NESTING, tooDeepAt } from './nesting';
import { decodeNotebookText } from './utf8';
import {
  FORMAT_VERSION,
  emptyNotebook,
  setField,
  type CellFile,
  type CellKind,
  type ExecutionFile,
  type JsonObject,
  type JsonValue,
  type NotebookFile,
  type OutputFile,
  type OutputItemFile,
} from './model';


const ROOT_KEYS = new Set(['tlnb', 'metadata', 'cells']);
const CELL_KEYS = new Set(['kind', 'language', 'source', 'metadata', 'execution', 'outputs']);
const OUTPUT_KEYS = new Set(['metadata', 'items']);
const ITEM_KEYS = new Set(['mime', 'text', 'base64']);
const EXECUTION_KEYS = ['order', 'success', 'startTime', 'endTime'] as const;

const JSON_ERROR_WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes (a trailing comma?)',
  ValueExpected: 'expected a value (a trailing comma?)',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected "," between items',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the list',
  EndOfFileExpected: 'unexpected text after the end of the notebook',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'comments are not allowed',
  UnexpectedEndOfString: 'a string is not closed before the end of the line or file',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'malformed \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

/** Reads a .tlnb file's bytes: refuses bytes that are not UTF-8 (with their place), then parses. */
export function parseNotebookBytes(bytes: Uint8Array): NotebookFile {
  return parseNotebook(decodeNotebookText(bytes));
}

/**
 * Parses the text of a .tlnb file. Empty or whitespace-only text is an empty notebook.
 * A leading byte order mark (U+FEFF) is accepted and noted, so that writing the notebook keeps it:
 * JSON allows a reader to ignore it, and keeping it means a save changes no byte the user did not edit.
 */
export function parseNotebook(fileText: string): NotebookFile {
  const byteOrderMark = fileText.charCodeAt(0) === 0xfeff;
  const text = byteOrderMark ? fileText.slice(1) : fileText;
  const notebook = parseJsonNotebook(text);
  if (byteOrderMark) notebook.byteOrderMark = true;
  return notebook;
}

function parseJsonNotebook(text: string): NotebookFile {
  if (text.trim() === '') return emptyNotebook();
  const locate = lineLocator(text);

  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const { line, column } = locate(deep);
    throw new FormatError(`the JSON is nested more than ${MAX_JSON_NESTING} levels deep here; tlnb reads at most ${MAX_JSON_NESTING}`, line, column);
  }

  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { disallowComments: true, allowTrailingComma: false });
  const first = syntaxErrors[0];
  if (first) {
    const { line, column } = locate(first.offset);
    const code = printParseErrorCode(first.error);
    throw new FormatError(`invalid JSON: ${JSON_ERROR_WORDS[code] ?? code}`, line, column);
  }
  if (!root) throw new FormatError('invalid JSON: the file holds no value', 1, 1);

  const fail = (node: Node, problem: string): never => {
    const { line, column } = locate(node.offset);
    throw new FormatError(problem, line, column);
  };
  refuseLossyValues(root, text, locate);
  const reader = new TreeReader(fail);

  const top = reader.object(root, 'the notebook');
  const version = top.get('tlnb');
  if (!version) fail(root, `not a tlnb notebook: the top-level field "tlnb" (the format version, ${FORMAT_VERSION}) is missing`);
  const versionNumber = reader.integer(version!, '"tlnb" (the format version)', 1);
  if (versionNumber > FORMAT_VERSION) {
    fail(
      version!,
      `this notebook uses format version ${versionNumber}, but this tlnb reads versions up to ${FORMAT_VERSION}; ` +
        'update the tlnb extension to open it',
    );
  }

  const metadata = reader.optionalJsonObject(top.get('metadata'), '"metadata"');
  const cellsNode = top.get('cells');
  const cells = cellsNode ? reader.array(cellsNode, '"cells"').map((node, i) => readCell(reader, node, `cells[${i}]`)) : [];
  return { metadata, cells, extra: reader.extra(top, ROOT_KEYS) };
}

function readCell(reader: TreeReader, node: Node, where: string): CellFile {
  const fields = reader.object(node, where);
  const kindNode = fields.get('kind');
  if (!kindNode) reader.fail(node, `${where} has no "kind"; expected "markdown" or "code"`);
  const kind = reader.string(kindNode!, `${where}.kind`);
  if (kind !== 'markdown' && kind !== 'code') {
    reader.fail(kindNode!, `${where}.kind is "${kind}", an unknown cell kind; expected "markdown" or "code"`);
  }
  const cellKind = kind as CellKind;
  const languageNode = fields.get('language');
  const language = languageNode
    ? reader.string(languageNode, `${where}.language`)
    : cellKind === 'code'
      ? 'typescript'
      : 'markdown';

  const sourceNode = fields.get('source');
  const source = sourceNode ? reader.lines(sourceNode, `${where}.source`) : '';

  const outputsNode = fields.get('outputs');
  let outputs: OutputFile[] = [];
  if (outputsNode) {
    const list = reader.array(outputsNode, `${where}.outputs`);
    if (cellKind === 'markdown' && list.length > 0) reader.fail(outputsNode, `${where} is a markdown cell but has outputs`);
    outputs = list.map((o, i) => readOutput(reader, o, `${where}.outputs[${i}]`));
  }

  const executionNode = fields.get('execution');
  const cell: CellFile = {
    kind: cellKind,
    language,
    source,
    metadata: reader.optionalJsonObject(fields.get('metadata'), `${where}.metadata`),
    outputs,
    extra: reader.extra(fields, CELL_KEYS),
  };
  if (executionNode) cell.execution = readExecution(reader, executionNode, `${where}.execution`);
  return cell;
}

function readExecution(reader: TreeReader, node: Node, where: string): ExecutionFile {
  const fields = reader.object(node, where);
  const execution: ExecutionFile = {};
  for (const key of EXECUTION_KEYS) {
    const value = fields.get(key);
    if (!value) continue;
    if (key === 'success') execution.success = reader.boolean(value, `${where}.success`);
    else execution[key] = reader.integer(value, `${where}.${key}`, 0);
  }
  const extra = reader.extra(fields, new Set(EXECUTION_KEYS));
  if (Object.keys(extra).length > 0) execution.extra = extra;
  return execution;
}

function readOutput(reader: TreeReader, node: Node, where: string): OutputFile {
  const fields = reader.object(node, where);
  const itemsNode = fields.get('items');
  if (!itemsNode) reader.fail(node, `${where} has no "items"`);
  const items = reader.array(itemsNode!, `${where}.items`).map((n, i) => readItem(reader, n, `${where}.items[${i}]`));
  return {
    metadata: reader.optionalJsonObject(fields.get('metadata'), `${where}.metadata`),
    items,
    extra: reader.extra(fields, OUTPUT_KEYS),
  };
}

function readItem(reader: TreeReader, node: Node, where: string): OutputItemFile {
  const fields = reader.object(node, where);
  const mimeNode = fields.get('mime');
  if (!mimeNode) reader.fail(node, `${where} has no "mime"`);
  const mime = reader.string(mimeNode!, `${where}.mime`);
  const text = fields.get('text');
  const base64 = fields.get('base64');
  if ((text ? 1 : 0) + (base64 ? 1 : 0) !== 1) {
    reader.fail(node, `${where} must have exactly one of "text" or "base64"`);
  }
  let data: Uint8Array;
  if (text) {
    const value = reader.string(text, `${where}.text`);
    const lone = LONE_SURROGATE.exec(value);
    if (lone) {
      reader.fail(
        text,
        `${where}.text holds a lone UTF-16 surrogate (\\u${lone[0].charCodeAt(0).toString(16)}), which has no UTF-8 bytes; ` +
          'store bytes that are not text as "base64"',
      );
    }
    data = decodeItemData({ text: value });
  } else {
    const encoded = reader.string(base64!, `${where}.base64`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
      reader.fail(base64!, `${where}.base64 is not valid base64`);
    }
    data = decodeItemData({ base64: encoded });
  }
  return { mime, data, extra: reader.extra(fields, ITEM_KEYS) };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What a save would silently change is refused, with its place:
 * - two equal keys: JSON.parse and every reader built on it keep the last, and a save would drop
 *   the first (a whole list of cells, or a version number); both places are named;
 * - a number a JavaScript number cannot hold: 1e400 would be saved as null, and a whole number past
 *   2^53 (12345678901234567890) as a different one.
 * Iterative, in document order, so the first problem in the file is the one reported.
 */
function refuseLossyValues(root: Node, text: string, locate: (offset: number) => { line: number; column: number }): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'number') refuseLossyNumber(node, text.slice(node.offset, node.offset + node.length), locate);
    if (node.type === 'object') {
      const seen = new Map<string, Node>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (!key) continue;
        const name = String(key.value);
        const first = seen.get(name);
        if (first) {
          const earlier = locate(first.offset);
          const { line, column } = locate(key.offset);
          throw new FormatError(
            `the key ${JSON.stringify(truncate(name))} appears twice in one object (first at line ${earlier.line}, column ${earlier.column}); ` +
              'tlnb does not pick one of the two values: remove or rename one',
            line,
            column,
          );
        }
        seen.set(name, key);
      }
    }
    const children = node.type === 'property' ? node.children?.slice(1) : node.children;
    for (let i = (children?.length ?? 0) - 1; i >= 0; i--) stack.push(children![i]!);
  }
}

function refuseLossyNumber(node: Node, written: string, locate: (offset: number) => { line: number; column: number }): void {
  const value: unknown = node.value;
  if (typeof value !== 'number') return; // jsonc-parser gives every number node a number
  const shown = truncate(written);
  let problem: string | undefined;
  if (!Number.isFinite(value)) problem = `the number ${shown} is too large to keep (a save would write it as null)`;
  else if (/^-?\d+$/.test(written) && !Number.isSafeInteger(value)) {
    problem = `the whole number ${shown} is larger than tlnb keeps exactly (2^53 − 1 = 9007199254740991); a save would write it as ${JSON.stringify(value)}`;
  }
  if (problem === undefined) return;
  const { line, column } = locate(node.offset);
  throw new FormatError(`${problem}; tlnb does not change values it cannot keep: write it as a string ("${shown}")`, line, column);
}

/** Typed access to a jsonc-parser tree; every failure names the field and its place. */
class TreeReader {
  constructor(readonly fail: (node: Node, problem: string) => never) {}

  /**
   * Plain JSON values. Keys are defined, not assigned, so that "__proto__" stays an ordinary key
   * (kept like any other) and never changes an object's prototype. Depth is bounded by MAX_JSON_NESTING.
   */
  value(node: Node): JsonValue {
    switch (node.type) {
      case 'object': {
        const object: JsonObject = {};
        for (const property of node.children ?? []) {
          const [key, value] = property.children ?? [];
          if (key && value) setField(object, String(key.value), this.value(value));
        }
        return object;
      }
      case 'array':
        return (node.children ?? []).map((child) => this.value(child));
      default:
        return this.leaf(node);
    }
  }

  /** A string, number, boolean or null: what jsonc-parser gives for every node that is not an object or list. */
  private leaf(node: Node): JsonValue {
    const value: unknown = node.value;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    return this.fail(node, `unexpected JSON value of type ${node.type}`);
  }

  object(node: Node, what: string): Map<string, Node> {
    if (node.type !== 'object') this.fail(node, `${what} must be an object, not ${describe(node)}`);
    const fields = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key && value) fields.set(String(key.value), value);
    }
    return fields;
  }

  array(node: Node, what: string): Node[] {
    if (node.type !== 'array') this.fail(node, `${what} must be a list, not ${describe(node)}`);
    return node.children ?? [];
  }

  string(node: Node, what: string): string {
    const value: unknown = node.value;
    if (node.type !== 'string' || typeof value !== 'string') this.fail(node, `${what} must be a string, not ${describe(node)}`);
    return value;
  }

  boolean(node: Node, what: string): boolean {
    const value: unknown = node.value;
    if (node.type !== 'boolean' || typeof value !== 'boolean') this.fail(node, `${what} must be true or false, not ${describe(node)}`);
    return value;
  }

  integer(node: Node, what: string, min: number): number {
    const value: unknown = node.value;
    if (node.type !== 'number' || typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      this.fail(node, `${what} must be a whole number of at least ${min}, not ${describe(node)}`);
    }
    return value;
  }

  /** A source is a list of lines (joined with "\n"); a single string is accepted too. */
  lines(node: Node, what: string): string {
    if (node.type === 'string') return this.string(node, what);
    const lines = this.array(node, what).map((line, i) => this.string(line, `${what}[${i}]`));
    return lines.join('\n');
  }

  optionalJsonObject(node: Node | undefined, what: string): JsonObject {
    if (!node) return {};
    this.object(node, what);
    const value = this.value(node);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(node, `${what} must be an object, not ${describe(node)}`);
    return value;
  }

  extra(fields: Map<string, Node>, known: Set<string>): JsonObject {
    const extra: JsonObject = {};
    for (const [key, value] of fields) if (!known.has(key)) setField(extra, key, this.value(value));
    return extra;
  }
}

function describe(node: Node): string {
  switch (node.type) {
    case 'string':
      return `the string ${JSON.stringify(truncate(String(node.value)))}`;
    case 'number':
      return `the number ${node.value}`;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'array':
      return 'a list';
    default:
      return 'an object';
  }
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
}
