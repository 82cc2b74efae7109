// After a cell's JavaScript is terminated in the middle of tfjs work, tfjs' engine can be left
// inside a tf.tidy() scope, a kernel call or a gradient tape that will never be closed. Closing
// them here does what the unwound code would have done (tidy disposes its intermediate tensors),
// so later cells see a consistent engine and no phantom tensors.

import type { Tf } from '../../lib/tfInstance';

interface EngineInternals {
  state: {
    scopeStack: unknown[];
    kernelDepth: number;
    gradientDepth: number;
    activeTape: unknown;
    numDataMovesStack: unknown[];
  };
  endScope(result?: unknown): void;
}

/** Returns how many open tidy scopes were closed. */
export function recoverEngine(tf: Tf): number {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs's engine internals (scope stack), not in its public types
  const engine = tf.engine() as unknown as EngineInternals;
  const state = engine.state;
  let closed = 0;
  while (state.scopeStack.length > 0) {
    engine.endScope();
    closed += 1;
  }
  state.kernelDepth = 0;
  state.gradientDepth = 0;
  state.activeTape = null;
  state.numDataMovesStack = [];
  return closed;
}
