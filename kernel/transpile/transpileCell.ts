// TypeScript cell -> JavaScript that the REPL evaluator can run, with a source map back to the cell.
// Types are stripped, not checked (esbuild never type-checks): a type error does not stop a cell.

import type { TransformOptions } from 'esbuild';
import { PARAMETER_DECORATOR_ERROR } from './decoratorMode';
import { esbuildSourceMap, firstEsbuildError, loadEsbuild } from './loadEsbuild';
import { rewriteModuleSyntax } from './rewriteModuleSyntax';

export interface RawSourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  sourcesContent?: string[];
}

export type TranspileResult =
  /** `legacyDecorators`: the cell needed TypeScript's experimentalDecorators (see decoratorMode.ts). */
  | { ok: true; code: string; map: RawSourceMap; legacyDecorators: boolean }
  | { ok: false; error: CellSyntaxError };

/** Where a cell fails to parse; line is 1-based, column 0-based (as esbuild reports). */
export interface CellSyntaxError {
  message: string;
  line: number;
  column: number;
  lineText: string;
}

const OPTIONS = {
  loader: 'ts',
  // No output format: import/export are kept as written (rewriteModuleSyntax.ts turns them into
  // script statements). With format 'esm', esbuild wraps a cell that mentions `module` or
  // `exports` in __commonJS(...), and its top-level declarations would no longer reach later cells.
  // Node 20 is the oldest Node the kernel runs on (VS Code 1.95's Electron has Node 20): decorators
  // and other newer syntax are lowered for it.
  target: 'node20',
  sourcemap: 'external',
} satisfies TransformOptions;

function compilerOptions(legacyDecorators: boolean) {
  return {
    // Keep every import that is not written `import type`: a cell that imports a value only to
    // use it in a later cell must still bind it (esbuild would drop it as "unused", maybe a type).
    verbatimModuleSyntax: true,
    useDefineForClassFields: true,
    experimentalDecorators: legacyDecorators,
  };
}

/**
 * Transpiles one cell. `fileName` names the cell in V8's stack traces (via `//# sourceURL`) and
 * must be unique per execution; the source map maps the result back to the cell's lines.
 */
export async function transpileCell(source: string, fileName: string, legacyDecorators = false): Promise<TranspileResult> {
  const key = `${legacyDecorators ? 'L' : 'S'}${source}`;
  const cached = recent.get(key);
  if (cached) return { ok: true, code: withSourceUrl(cached.script, fileName), map: cached.map, legacyDecorators: cached.legacyDecorators };
  // As in Node's REPL, a cell that is `{ ... }` is an object literal if it parses as one, not a block.
  const asObject = /^\s*\{/.test(source) && /\}\s*$/.test(source) ? await transpileOnce(`(${source}\n)`, fileName, legacyDecorators) : undefined;
  const outcome = asObject && !('error' in asObject) ? asObject : await transpileOnce(source, fileName, legacyDecorators);
  if ('error' in outcome) return { ok: false, error: outcome.error };
  remember(key, outcome);
  return { ok: true, code: withSourceUrl(outcome.script, fileName), map: outcome.map, legacyDecorators: outcome.legacyDecorators };
}

async function transpileOnce(source: string, fileName: string, legacyDecorators: boolean): Promise<CachedCell | { error: CellSyntaxError }> {
  let code: string;
  let map: string;
  try {
    ({ code, map } = await loadEsbuild().transform(source, { ...OPTIONS, sourcefile: fileName, tsconfigRaw: { compilerOptions: compilerOptions(legacyDecorators) } }));
  } catch (error) {
    const first = firstEsbuildError(error);
    if (!first) throw error;
    if (!legacyDecorators && PARAMETER_DECORATOR_ERROR.test(first.text)) return transpileOnce(source, fileName, true);
    const location = first.location;
    return { error: { message: first.text, line: location?.line ?? 1, column: location?.column ?? 0, lineText: location?.lineText ?? '' } };
  }
  // Parsing is the slow part of the rewrite; most cells have nothing to rewrite.
  const script = /\b(import|export|throw)\b/.test(code) ? rewriteModuleSyntax(code) : code;
  return { script, map: esbuildSourceMap(map), legacyDecorators };
}

/** Cells are often run again unchanged; their transpiled form is kept for the last CACHE_SIZE sources. */
const CACHE_SIZE = 200;
type CachedCell = { script: string; map: RawSourceMap; legacyDecorators: boolean };
const recent = new Map<string, CachedCell>();

function remember(key: string, result: CachedCell): void {
  recent.set(key, result);
  if (recent.size > CACHE_SIZE) recent.delete(recent.keys().next().value!);
}

function withSourceUrl(script: string, fileName: string): string {
  return `${script}\n//# sourceURL=${fileName}`;
}
