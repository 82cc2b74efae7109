// What each node card says, line by line. Kept apart from drawing so layout can measure the
// same strings that are drawn.

import { formatCompact, formatShapeCompact } from '../format';
import type { DisplayNode } from './displayGraph';

export interface NodeText {
  title: string;
  /** Shown after the title in the muted colour: the layer class. */
  kind: string;
  /** Second line: output shape, activation, parameter count. */
  detail: string;
}

const MERGE_SYMBOL: Record<string, string> = {
  Add: '+',
  Subtract: '−',
  Multiply: '×',
  Concatenate: '‖',
  Average: 'μ',
  Maximum: 'max',
  Minimum: 'min',
  Dot: '·',
};

export function mergeSymbol(className: string): string {
  return MERGE_SYMBOL[className] ?? '∗';
}

export function nodeText(node: DisplayNode): NodeText {
  const { layer } = node;
  const shape = formatShapeCompact(layer.outputShape);
  const params = layer.params > 0 ? `${formatCompact(layer.params)} params` : '';
  switch (node.kind) {
    case 'input':
      return { title: layer.name, kind: 'Input', detail: shape };
    case 'merge':
      return { title: layer.name, kind: layer.className, detail: shape };
    case 'model': {
      const count = layer.nested?.layers.length ?? 0;
      return { title: `▸ ${layer.name}`, kind: layer.className, detail: join([`${count} layers`, shape, params]) };
    }
    default:
      return { title: layer.name, kind: layer.className, detail: join([shape, layer.activation, params]) };
  }
}

function join(parts: Array<string | undefined>): string {
  return parts.filter((p) => p).join(' · ');
}
