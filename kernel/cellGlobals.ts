// What cells see as globals besides Node's: `display`, `require` (resolving like `import`, see
// modules/moduleLoader.ts), `module` and `exports` (the notebook's own CommonJS module object, as
// in Node's REPL, so pasted CommonJS code such as `module.exports = model` runs as written),
// `__dirname`/`__filename` of the notebook, and `__tlnb`, through which rewritten imports load
// modules and `import.meta` reads the notebook's location (transpile/rewriteModuleSyntax.ts). Cells run in the kernel's
// global context (see evaluate/replEvaluator.ts for why), so these are set on globalThis.

import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DisplayFunction } from '../lib/display/display';
import { rememberThrow } from './errors/thrownValues';
import type { ModuleLoader } from './modules/moduleLoader';
import { KERNEL_GLOBAL } from './transpile/rewriteModuleSyntax';

export function installCellGlobals(options: { display: DisplayFunction; modules: ModuleLoader; notebookDir: string; notebookPath?: string }): void {
  const { display, modules, notebookDir } = options;
  const define = (name: string, value: unknown, enumerable = true) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable });
  const filename = options.notebookPath ?? join(notebookDir, 'untitled.tlnb');
  const importMeta = Object.freeze({
    url: pathToFileURL(filename).href,
    filename,
    dirname: dirname(filename),
    /** As in Node: the URL a specifier resolves to from the notebook. */
    resolve: (specifier: string) => modules.resolveUrl(specifier),
  });
  define(KERNEL_GLOBAL, Object.freeze({ import: (specifier: string) => modules.import(specifier), importMeta, thrown: rememberThrow }), false);
  define('display', display);
  const require = Object.assign((specifier: string) => modules.require(specifier), {
    resolve: (specifier: string) => modules.resolvePath(specifier),
  });
  define('require', require);
  const module = { id: '.', filename, path: notebookDir, exports: {} as unknown, require, loaded: true };
  define('module', module);
  define('exports', module.exports);
  define('__dirname', notebookDir);
  define('__filename', filename);
}
