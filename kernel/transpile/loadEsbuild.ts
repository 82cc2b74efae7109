// esbuild is a native program with a JavaScript API; it cannot be bundled into the kernel.
// The build copies the API (lib/main.js) and this platform's binary into dist/esbuild/
// (scripts/build.mjs), so an installed extension, which has no node_modules, still finds it.
// Running from the repository, the `esbuild` package in node_modules is used.

import { isRecord } from '../../common/guards';
import type { RawSourceMap } from './transpileCell';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type Esbuild = typeof import('esbuild');

let loaded: Esbuild | undefined;

export function loadEsbuild(): Esbuild {
  if (loaded) return loaded;
  const shipped = join(__dirname, 'esbuild');
  const binary = join(shipped, 'bin', process.platform === 'win32' ? 'esbuild.exe' : 'esbuild');
  if (existsSync(join(shipped, 'main.js')) && existsSync(binary)) {
    process.env.ESBUILD_BINARY_PATH ??= binary;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time (the shipped copy or node_modules), loaded synchronously
    loaded = esbuildApi(require(join(shipped, 'main.js')));
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time (the shipped copy or node_modules), loaded synchronously
    loaded = esbuildApi(require('esbuild'));
  }
  return loaded;
}

/** What `require` gave is esbuild's API when it has the two calls tlnb uses. */
function esbuildApi(module: unknown): Esbuild {
  if (isRecord(module) && typeof module.transform === 'function' && typeof module.transformSync === 'function') {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- checked above: the module is esbuild's API (its own .d.ts names it)
    return module as Esbuild;
  }
  throw new Error('tlnb: the esbuild package found has no transform API; rebuild tlnb (npm run build)');
}

/** esbuild's first error of a failed transform, or undefined when `error` is not an esbuild failure. */
export function firstEsbuildError(error: unknown): { text: string; location: { line: number; column: number; lineText: string } | null } | undefined {
  const first: unknown = isRecord(error) && Array.isArray(error.errors) ? error.errors[0] : undefined;
  if (!isRecord(first) || typeof first.text !== 'string') return undefined;
  const at = first.location;
  const location = isRecord(at) && typeof at.line === 'number' && typeof at.column === 'number' && typeof at.lineText === 'string' ? { line: at.line, column: at.column, lineText: at.lineText } : null;
  return { text: first.text, location };
}

/** esbuild's `map` output (source map v3, written by esbuild itself in this process). */
export function esbuildSourceMap(map: string): RawSourceMap {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- esbuild's own output, not outside input
  return JSON.parse(map) as RawSourceMap;
}
