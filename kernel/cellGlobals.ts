// What cells see as globals besides Node's: `display`, `require` (resolving like `import`, see
// modules/moduleLoader.ts), `__dirname`/`__filename` of the notebook, and `__tlnb`, through which
// rewritten imports load modules (transpile/rewriteModuleSyntax.ts). Cells run in the kernel's
// global context (see evaluate/replEvaluator.ts for why), so these are set on globalThis.

import { join } from 'node:path';
import type { DisplayFunction } from '../lib/display/display';
import type { ModuleLoader } from './modules/moduleLoader';
import { KERNEL_GLOBAL } from './transpile/rewriteModuleSyntax';

export function installCellGlobals(options: { display: DisplayFunction; modules: ModuleLoader; notebookDir: string; notebookPath?: string }): void {
  const { display, modules, notebookDir } = options;
  const define = (name: string, value: unknown, enumerable = true) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable });
  define(KERNEL_GLOBAL, Object.freeze({ import: (specifier: string) => modules.import(specifier) }), false);
  define('display', display);
  define('require', (specifier: string) => modules.require(specifier));
  define('__dirname', notebookDir);
  define('__filename', options.notebookPath ?? join(notebookDir, 'untitled.tlnb'));
}
