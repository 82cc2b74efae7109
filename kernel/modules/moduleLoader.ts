// How `import` (and `require`) in a cell finds modules:
// 1. built-in modules: `tlnb`, and `@tensorflow/tfjs` (plus -core, -layers, -data), which always
//    mean the kernel's one tfjs instance, initialised with the active backend;
// 2. Node's own modules (`fs`, `node:path`, ...);
// 3. packages and files from the notebook's folder (its node_modules, walking up as Node does),
//    then from the folder the kernel ships in.
// CommonJS packages are loaded with require and given the namespace TypeScript's esModuleInterop
// gives them (`import * as _ from 'lodash'` has `_.map`); ES-module-only packages with import().

import { errorCode, errorMessage, isRecord } from '../../common/guards';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve as resolveEsm } from 'import-meta-resolve';
import type { TypeScriptModules } from './typescriptModules';

export type Namespace = Record<string, unknown>;

/** Built-in modules by specifier; a loader may wait (e.g. for the backend). */
export type BuiltinModules = Map<string, () => Namespace | Promise<Namespace>>;

/** Built-in specifiers as they appear quoted in a cell's source (for preload). */
const QUOTED_SPECIFIER = /(['"`])([@\w][\w@/.-]*)\1/g;

export class ModuleLoader {
  private readonly namespaces = new Map<unknown, Namespace>();
  /** Local .ts/.mts files, transpiled on import (set by the kernel; see typescriptModules.ts). */
  typescript: TypeScriptModules | undefined;
  /** Built-in modules once loaded: `require` answers these synchronously. */
  private readonly loadedBuiltins = new Map<string, Namespace>();

  constructor(
    /** Searched first: the notebook's folder. */
    private readonly notebookDir: string,
    /** Searched second: where the kernel ships (its node_modules, when there is one). */
    private readonly fallbackDir: string,
    private readonly builtins: BuiltinModules,
  ) {}

  /** What `import ... from specifier` binds to. */
  async import(specifier: string): Promise<Namespace> {
    const builtin = this.builtins.get(specifier);
    if (builtin) return this.loadBuiltin(specifier, await builtin());
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the notebook's modules, by a path known only at run time, loaded as CommonJS
    if (isBuiltin(specifier)) return this.interop(require(specifier));
    const failures: string[] = [];
    for (const base of this.searchDirs(specifier)) {
      const loaded = await this.importFrom(base, specifier, failures);
      if (loaded) return loaded;
    }
    throw this.notFound(specifier, failures);
  }

  /**
   * Loads the built-in modules a cell names (in quotes, as `require('tlnb')` does) before it runs,
   * so that its synchronous `require` finds them loaded. Failures are left for the cell to meet.
   */
  async preload(code: string): Promise<void> {
    const named = new Set<string>();
    for (const match of code.matchAll(QUOTED_SPECIFIER)) if (this.builtins.has(match[2]!) && !this.loadedBuiltins.has(match[2]!)) named.add(match[2]!);
    await Promise.all([...named].map((specifier) => this.import(specifier).catch(() => undefined)));
  }

  /** What `require(specifier)` returns in a cell. */
  require(specifier: string): unknown {
    const builtin = this.builtins.get(specifier);
    if (builtin) {
      const loaded = this.loadedBuiltins.get(specifier);
      if (loaded) return loaded;
      const value = builtin();
      if (value instanceof Promise) {
        value.catch(() => undefined);
        throw new Error(
          `require('${specifier}'): the module is still loading (TensorFlow.js starts its backend when the kernel starts). ` +
            `Write the name in quotes in the cell, as in require('${specifier}'), or use import ... from '${specifier}', and the cell waits for it.`,
        );
      }
      return this.loadBuiltin(specifier, value);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the notebook's modules, by a path known only at run time, loaded as CommonJS
    if (isBuiltin(specifier)) return require(specifier);
    const failures: string[] = [];
    for (const base of this.searchDirs(specifier)) {
      try {
        const nodeRequire = createRequire(join(base, 'notebook.js'));
        const file = nodeRequire.resolve(specifier);
        return this.typescript?.handles(file) ? this.typescript.load(file) : nodeRequire(specifier);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        const ts = this.typescript?.resolve(base, specifier);
        if (ts) return this.typescript!.load(ts);
        failures.push(`${base}: ${errorMessage(error).split('\n')[0]}`);
      }
    }
    throw this.notFound(specifier, failures);
  }

  /** `require.resolve(specifier)` in a cell: the file it loads (built-ins answer their name). */
  resolvePath(specifier: string): string {
    if (this.builtins.has(specifier) || isBuiltin(specifier)) return specifier;
    const failures: string[] = [];
    for (const base of this.searchDirs(specifier)) {
      try {
        return createRequire(join(base, 'notebook.js')).resolve(specifier);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        failures.push(`${base}: ${errorMessage(error).split('\n')[0]}`);
      }
    }
    throw this.notFound(specifier, failures);
  }

  /** `import.meta.resolve(specifier)` in a cell: a URL (built-ins answer their name). */
  resolveUrl(specifier: string): string {
    if (this.builtins.has(specifier)) return specifier;
    if (isBuiltin(specifier)) return specifier.startsWith('node:') ? specifier : `node:${specifier}`;
    try {
      return pathToFileURL(this.resolvePath(specifier)).href;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return resolveEsm(specifier, pathToFileURL(join(this.notebookDir, 'notebook.js')).href);
    }
  }

  private loadBuiltin(specifier: string, namespace: Namespace): Namespace {
    this.loadedBuiltins.set(specifier, namespace);
    return namespace;
  }

  private searchDirs(specifier: string): string[] {
    if (isAbsolute(specifier) || specifier.startsWith('.')) return [this.notebookDir];
    return [this.notebookDir, this.fallbackDir];
  }

  private async importFrom(base: string, specifier: string, failures: string[]): Promise<Namespace | undefined> {
    let file: string | undefined;
    try {
      file = createRequire(join(base, 'notebook.js')).resolve(specifier);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const ts = file === undefined ? this.typescript?.resolve(base, specifier) : this.typescript?.handles(file) ? file : undefined;
    if (ts) return this.interop(this.typescript!.load(ts));
    if (file !== undefined) {
      if (extname(file) !== '.mjs') {
        try {
          // eslint-disable-next-line @typescript-eslint/no-require-imports -- the notebook's modules, by a path known only at run time, loaded as CommonJS
          return this.interop(require(file));
        } catch (error) {
          if (errorCode(error) !== 'ERR_REQUIRE_ESM') throw error;
        }
      }
      return this.esm(pathToFileURL(file).href);
    }
    // Packages whose "exports" only have an "import" condition resolve only as ES modules.
    try {
      return await this.esm(resolveEsm(specifier, pathToFileURL(join(base, 'notebook.js')).href));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      failures.push(`${base}: ${errorMessage(error).split('\n')[0]}`);
      return undefined;
    }
  }

  private async esm(url: string): Promise<Namespace> {
    const namespace: Namespace = await import(url);
    return namespace;
  }

  /** CommonJS exports as an ES namespace, the way TypeScript's esModuleInterop sees them. */
  private interop(exports: unknown): Namespace {
    if (isRecord(exports) && Object.prototype.toString.call(exports) === '[object Module]') return exports;
    const cached = this.namespaces.get(exports);
    if (cached) return cached;
    let namespace: Namespace;
    if (exports !== null && (typeof exports === 'object' || typeof exports === 'function')) {
      namespace = Object.create(null);
      for (const key of Object.keys(exports)) namespace[key] = Reflect.get(exports, key);
      if (!(exports as { __esModule?: boolean }).__esModule) namespace.default = exports;
      this.namespaces.set(exports, namespace);
    } else {
      namespace = { default: exports };
    }
    return namespace;
  }

  private notFound(specifier: string, failures: string[]): Error {
    const relative = isAbsolute(specifier) || specifier.startsWith('.');
    const hint = relative
      ? `Paths are resolved from the notebook's folder (${this.notebookDir}).`
      : `Install it in the notebook's folder: cd "${this.notebookDir}" && npm install ${packageName(specifier)}`;
    const error = new Error(`Cannot find module '${specifier}'. ${hint}\nLooked in:\n  ${failures.join('\n  ')}`);
    return Object.assign(error, { code: 'MODULE_NOT_FOUND' });
  }
}

function isNotFound(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The folder whose node_modules hold the packages the kernel ships with (none in a VSIX). */
export function kernelPackagesDir(): string {
  return dirname(__dirname);
}
