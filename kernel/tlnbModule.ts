// The built-in module `tlnb`, what `import { display } from 'tlnb'` gives a cell. One object,
// assembled here: to give cells something new, add one line to the object below.

import type { DisplayFunction } from './display/display';
import { DISPLAY_SYMBOL } from './display/displaySymbol';

export interface TlnbModuleParts {
  display: DisplayFunction;
}

export function createTlnbModule(parts: TlnbModuleParts): Record<string, unknown> {
  return {
    display: parts.display,
    /** Objects with a method under this symbol choose how they are displayed. */
    displaySymbol: DISPLAY_SYMBOL,
  };
}
