// Local TypeScript files imported from a cell (`import { buildModel } from './model'` with a
// model.ts beside the notebook, or `require('./model')`): transpiled on the fly by esbuild into a
// CommonJS module, which then loads like a JavaScript file. Its own relative imports of .ts files
// load the same way; everything else it requires resolves as Node resolves it from the file.
// A transpiled module is cached until the file (or a TypeScript file it imports) changes on disk:
// the next run of the importing cell then loads the new version. Errors thrown from the file are
// mapped back to its lines through the source map (see errors/cellStack.ts), and a file that does
// not parse is an error naming the file, line and column.

import { existsSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import type { RawSourceMap } from '../transpile/transpileCell';
import { esbuildSourceMap, firstEsbuildError, loadEsbuild } from '../transpile/loadEsbuild';

const TS_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'];

interface Loaded {
  mtimeMs: number;
  exports: unknown;
  /** The TypeScript files it imported: a change to one of them reloads this one too. */
  dependencies: string[];
}

/** Called with each transpiled file, so error stacks can be mapped to its lines. */
export type SourceSink = (file: string, label: string, source: string, map: RawSourceMap) => void;

export class TypeScriptModules {
  private readonly loaded = new Map<string, Loaded>();

  constructor(
    /** Labels name files relative to it in error stacks. */
    private readonly notebookDir: string,
    private readonly onSource: SourceSink,
  ) {}

  /**
   * The TypeScript file a relative or absolute specifier names from `fromDir` (callers try Node's
   * own resolution first, so a JavaScript file of that name wins): `./model`, `./model.ts`, `./model.js` (TypeScript's own convention for
   * model.ts), `./lib` (lib/index.ts). Undefined otherwise.
   */
  resolve(fromDir: string, specifier: string): string | undefined {
    if (!(specifier.startsWith('.') || isAbsolute(specifier))) return undefined;
    const base = resolve(fromDir, specifier);
    const extension = extname(base);
    const candidates = TS_EXTENSIONS.includes(extension)
      ? [base]
      : /^\.[cm]?js$/.test(extension)
        ? [base.slice(0, -extension.length) + extension.replace('js', 'ts'), ...(extension === '.js' ? [`${base.slice(0, -3)}.tsx`] : [])]
        : [...TS_EXTENSIONS.map((e) => base + e), ...TS_EXTENSIONS.map((e) => resolve(base, `index${e}`))];
    return candidates.find(isFile);
  }

  /** Whether `file` is TypeScript (loaded here, not by Node). */
  handles(file: string): boolean {
    return TS_EXTENSIONS.includes(extname(file));
  }

  /** The exports of a TypeScript file, transpiled and run once per version of the file. */
  load(file: string): unknown {
    const known = this.loaded.get(file);
    if (known && !this.stale(file, new Set())) return known.exports;
    // A changed file: its dependants are reloaded too (their cached entries are stale now).
    const source = readFileSync(file, 'utf8');
    const mtimeMs = statSync(file).mtimeMs;
    const label = relative(this.notebookDir, file) || file;
    let code: string;
    let map: string;
    try {
      ({ code, map } = loadEsbuild().transformSync(source, {
        loader: extname(file) === '.tsx' ? 'tsx' : 'ts',
        format: 'cjs',
        target: 'node20',
        sourcemap: 'external',
        sourcefile: file,
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: false, useDefineForClassFields: true } },
      }));
    } catch (error) {
      const first = firstEsbuildError(error);
      if (!first) throw error;
      const where = first.location ? `${label}:${first.location.line}:${first.location.column + 1}` : label;
      const syntax = new SyntaxError(`${first.text} (${where})${first.location ? `\n\n> ${first.location.line} | ${first.location.lineText}` : ''}`);
      syntax.stack = `SyntaxError: ${syntax.message}\n    at ${where}`;
      throw syntax;
    }
    this.onSource(file, label, source, esbuildSourceMap(map));
    const entry: Loaded = { mtimeMs, exports: undefined, dependencies: [] };
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- Node's module internals (_compile, paths), untyped in @types/node; how a loader compiles a CommonJS module
    const module = new Module(file, undefined) as Module & { _compile(code: string, file: string): void; paths: string[] };
    module.filename = file;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- Node's internal Module._nodeModulePaths, untyped in @types/node
    module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
    const nodeRequire = createRequire(file);
    // Relative imports of TypeScript files load through here; the rest as Node resolves them.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- a module's require is only called as require(id); NodeJS.Require also names resolve/cache
    module.require = ((specifier: string) => {
      const resolved = resolvedInNode(nodeRequire, specifier);
      const ts = resolved === undefined ? this.resolve(dirname(file), specifier) : this.handles(resolved) ? resolved : undefined;
      if (!ts) return nodeRequire(specifier);
      entry.dependencies.push(ts);
      return this.load(ts);
    }) as NodeJS.Require;
    this.loaded.set(file, entry);
    try {
      module._compile(code, file);
    } catch (error) {
      this.loaded.delete(file);
      throw error;
    }
    module.loaded = true;
    entry.exports = module.exports;
    return module.exports;
  }

  private stale(file: string, seen: Set<string>): boolean {
    if (seen.has(file)) return false;
    seen.add(file);
    const known = this.loaded.get(file);
    if (!known) return true;
    const mtimeMs = existsSync(file) ? statSync(file).mtimeMs : -1;
    return mtimeMs !== known.mtimeMs || known.dependencies.some((dependency) => this.stale(dependency, seen));
  }
}

function resolvedInNode(nodeRequire: NodeJS.Require, specifier: string): string | undefined {
  try {
    return nodeRequire.resolve(specifier);
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
