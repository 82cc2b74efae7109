// Layer families, each drawn with its own accent colour (see graph.css.ts), so a reader can tell
// convolution stacks from dense heads and normalisation at a glance.

import type { DisplayNode } from './displayGraph';

export type Category = 'spatial' | 'dense' | 'norm' | 'act' | 'merge' | 'reshape' | 'io' | 'model';

const RULES: Array<[RegExp, Category]> = [
  [/Conv|Pool|UpSampling|ZeroPadding|Cropping/, 'spatial'],
  [/Dense|Embedding|LSTM|GRU|RNN/, 'dense'],
  [/Normalization|Dropout|Noise/, 'norm'],
  [/Activation|ReLU|Softmax|ELU/, 'act'],
  [/Flatten|Reshape|Permute|RepeatVector|Masking/, 'reshape'],
];

export function category(node: DisplayNode): Category {
  if (node.kind === 'input') return 'io';
  if (node.kind === 'merge') return 'merge';
  if (node.kind === 'model') return 'model';
  for (const [pattern, cat] of RULES) if (pattern.test(node.layer.className)) return cat;
  return 'reshape';
}
