// How a variable reads in the Variables view: its description column and icon. Pure.

import type { VariableInfo, VariableKind } from '../../common/protocol';

/** `Tensor float32 [2, 28, 28, 1]`, `Sequential · 12,730 parameters`, `Array(3)`, `string (5)`, `number 42`… */
export function variableDescription(v: VariableInfo): string {
  switch (v.kind) {
    case 'tensor':
      return `${v.type} ${v.dtype ?? ''} [${(v.shape ?? []).join(', ')}]${v.disposed ? ' (disposed)' : ''}`;
    case 'model':
      return v.params !== undefined ? `${v.type} · ${v.params.toLocaleString('en-US')} parameters` : v.type;
    case 'array':
    case 'typed-array':
    case 'map':
    case 'set':
      return `${v.type}(${(v.size ?? 0).toLocaleString('en-US')})`;
    case 'string':
      return `string (${(v.size ?? 0).toLocaleString('en-US')}) ${v.preview}`;
    case 'object':
      return `${v.type} ${v.preview}`;
    default:
      return `${v.type} ${v.preview}`;
  }
}

const ICONS: Record<VariableKind, string> = {
  tensor: 'symbol-array',
  model: 'type-hierarchy',
  array: 'symbol-array',
  'typed-array': 'symbol-array',
  map: 'symbol-namespace',
  set: 'symbol-namespace',
  string: 'symbol-string',
  number: 'symbol-number',
  bigint: 'symbol-number',
  boolean: 'symbol-boolean',
  function: 'symbol-method',
  class: 'symbol-class',
  object: 'symbol-object',
  null: 'symbol-constant',
  undefined: 'symbol-constant',
  symbol: 'symbol-key',
};

export function variableIcon(kind: VariableKind): string {
  return ICONS[kind];
}
