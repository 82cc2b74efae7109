// The declaration entry of the `tlnb` module as cells see it in the editor. The build
// (scripts/intellisenseTypes.mjs) emits a .d.ts from this file and everything it reaches in lib/,
// so the editor's types are the kernel's own (lib/index.ts). Never bundled or run.

import type { TlnbModule } from './index';

declare const tlnb: TlnbModule;

export const { display, displaySymbol, data, models, views, finetune } = tlnb;
