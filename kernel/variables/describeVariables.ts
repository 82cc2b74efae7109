// The Variables view's rows: each top-level name of the notebook described in a few fields (type;
// shape and dtype for tensors; parameter count for models; size for arrays, maps, sets and
// strings) and a one-line preview of bounded length. Describing reads no tensor data and walks no
// more than a few entries of a collection, so a 10-million-element array costs what a small one does.

import { inspect } from 'node:util';
import type * as tfjs from '@tensorflow/tfjs';
import { isRecord } from '../../common/guards';
import { VARIABLE_PREVIEW_CHARS, type VariableInfo } from '../../common/protocol';

type Tf = typeof tfjs;

/** Globals TensorFlow.js defines when it loads (after the kernel's baseline is taken, with the backend). */
const LIBRARY_GLOBALS = new Set(['_tfengine', '_tfGlobals']);

/**
 * The names cells made: bindings not in `baseline` (the globals before any cell ran), or whose
 * value a cell replaced. Sorted by name.
 */
export function notebookBindings(bindings: ReadonlyMap<string, unknown>, baseline: ReadonlyMap<string, unknown>): Map<string, unknown> {
  const own = new Map<string, unknown>();
  for (const [name, value] of bindings) {
    if (baseline.has(name) && baseline.get(name) === value) continue;
    if (LIBRARY_GLOBALS.has(name)) continue;
    own.set(name, value);
  }
  return new Map([...own].sort(([a], [b]) => a.localeCompare(b)));
}

export function describeVariables(bindings: ReadonlyMap<string, unknown>, tf: Tf | undefined): VariableInfo[] {
  return [...bindings].map(([name, value]) => describeVariable(name, value, tf));
}

export function describeVariable(name: string, value: unknown, tf: Tf | undefined): VariableInfo {
  const row = (fields: Omit<VariableInfo, 'name' | 'preview'>, preview: string): VariableInfo => ({ name, ...fields, preview: clip(preview) });
  if (value === null) return row({ kind: 'null', type: 'null' }, 'null');
  switch (typeof value) {
    case 'undefined':
      return row({ kind: 'undefined', type: 'undefined' }, 'undefined');
    case 'string':
      return row({ kind: 'string', type: 'string', size: value.length }, JSON.stringify(value.slice(0, VARIABLE_PREVIEW_CHARS)));
    case 'number':
      return row({ kind: 'number', type: 'number' }, String(value));
    case 'bigint':
      return row({ kind: 'bigint', type: 'bigint' }, `${value}n`);
    case 'boolean':
      return row({ kind: 'boolean', type: 'boolean' }, String(value));
    case 'symbol':
      return row({ kind: 'symbol', type: 'symbol' }, value.toString());
    case 'function': {
      const source = Function.prototype.toString.call(value);
      if (/^class[\s{]/.test(source)) return row({ kind: 'class', type: 'class' }, `class ${value.name || '(anonymous)'}`);
      return row({ kind: 'function', type: 'function' }, `${value.name || '(anonymous)'}(${value.length ? `${value.length} parameter${value.length === 1 ? '' : 's'}` : ''})`);
    }
    case 'object':
      return safe(() => describeObject(value, tf, row), row({ kind: 'object', type: 'Object' }, '(cannot be shown)'));
  }
  // Every typeof result has its case above; the compiler cannot narrow an `unknown` that far.
  throw new Error(`tlnb: a value of an unknown type (typeof ${typeof value})`);
}

function describeObject(object: object, tf: Tf | undefined, row: (fields: Omit<VariableInfo, 'name' | 'preview'>, preview: string) => VariableInfo): VariableInfo {
  if (tf && object instanceof tf.Tensor) {
    const shape = [...object.shape];
    const fields = { kind: 'tensor' as const, type: className(object, 'Tensor'), shape, dtype: object.dtype };
    if (object.isDisposed) return row({ ...fields, disposed: true }, `disposed ${object.dtype} [${shape.join(', ')}]`);
    return row(fields, `${object.dtype} [${shape.join(', ')}]`);
  }
  if (tf && object instanceof tf.LayersModel) {
    const params = safe(() => object.countParams(), undefined);
    const layers = object.layers.length;
    return row(
      { kind: 'model', type: className(object, 'LayersModel'), ...(params !== undefined ? { params } : {}) },
      `${object.name}: ${layers} layer${layers === 1 ? '' : 's'}${params !== undefined ? `, ${params.toLocaleString('en-US')} parameters` : ''}`,
    );
  }
  if (Array.isArray(object)) return row({ kind: 'array', type: className(object, 'Array'), size: object.length }, preview(object));
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    // Every ArrayBufferView but DataView is a typed array, and each has a numeric `length`.
    const length = 'length' in object && typeof object.length === 'number' ? object.length : 0;
    return row({ kind: 'typed-array', type: className(object, 'TypedArray'), size: length }, preview(object));
  }
  if (object instanceof Map) return row({ kind: 'map', type: className(object, 'Map'), size: object.size }, preview(object));
  if (object instanceof Set) return row({ kind: 'set', type: className(object, 'Set'), size: object.size }, preview(object));
  return row({ kind: 'object', type: className(object, 'Object') }, preview(object));
}

/** util.inspect with every limit set low: a few entries, one line, no getters run. */
function preview(value: unknown): string {
  return safe(() => inspect(value, { depth: 0, maxArrayLength: 10, maxStringLength: 40, breakLength: Infinity, compact: true, getters: false }), '(cannot be shown)');
}

function className(object: object, fallback: string): string {
  const name = safe(() => {
    const prototype: unknown = Object.getPrototypeOf(object);
    const constructor: unknown = isRecord(prototype) ? prototype.constructor : undefined;
    return typeof constructor === 'function' || isRecord(constructor) ? constructor.name : undefined;
  }, undefined);
  return typeof name === 'string' && name ? name : fallback;
}

function clip(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > VARIABLE_PREVIEW_CHARS ? `${line.slice(0, VARIABLE_PREVIEW_CHARS - 1)}…` : line;
}

/** A value whose inspection throws (a hostile getter, a revoked Proxy) is still listed. */
function safe<T, F>(read: () => T, fallback: F): T | F {
  try {
    return read();
  } catch {
    return fallback;
  }
}
