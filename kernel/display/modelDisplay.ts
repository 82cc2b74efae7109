// Models as outputs. For now the Keras-style text summary; the layer graph (MIME.model, drawn by
// the renderer) comes from kernel/display/modelGraph.ts once that lands: add its payload here.

import type { LayersModel } from '@tensorflow/tfjs';
import type { MimeBundle } from './mimeBundle';

export function modelBundle(model: LayersModel): MimeBundle {
  return { 'text/plain': modelSummaryText(model) };
}

export function modelSummaryText(model: LayersModel): string {
  const lines: string[] = [];
  try {
    model.summary(undefined, undefined, (line?: unknown) => lines.push(String(line ?? '')));
  } catch (error) {
    // An unbuilt Sequential model (no inputShape yet) cannot summarise itself.
    return `${model.getClassName()} "${model.name}" (not built yet: ${(error as Error).message})`;
  }
  return lines.join('\n');
}
