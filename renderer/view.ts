// What each output kind implements. A view is created once per output and then updated in
// place when VS Code re-renders the same output with new data (live training curves).

export interface OutputView<P> {
  update(payload: P): void;
  /** Called after VS Code changes theme: canvases redraw with the new colours. */
  retheme(): void;
  dispose(): void;
}
