// What each output kind implements. A view is created once per output and then updated in
// place when VS Code re-renders the same output with new data (live training curves).

import type { TrainingAppendMessage } from '../common/outputs';

export interface OutputView<P> {
  update(payload: P): void;
  /** Called after VS Code changes theme: canvases redraw with the new colours. */
  retheme(): void;
  dispose(): void;
  /** Live training views only: new points sent as a renderer message (common/outputs.ts). */
  append?(message: TrainingAppendMessage): void;
}
