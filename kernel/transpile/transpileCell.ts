// TypeScript cell -> JavaScript that the REPL evaluator can run, with a source map back to the cell.
// Types are stripped, not checked (esbuild never type-checks): a type error does not stop a cell.

import type { TransformOptions } from 'esbuild';
import { loadEsbuild } from './loadEsbuild';
import { rewriteModuleSyntax } from './rewriteModuleSyntax';

export interface RawSourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  sourcesContent?: string[];
}

export type TranspileResult =
  | { ok: true; code: string; map: RawSourceMap }
  | { ok: false; error: CellSyntaxError };

/** Where a cell fails to parse; line is 1-based, column 0-based (as esbuild reports). */
export interface CellSyntaxError {
  message: string;
  line: number;
  column: number;
  lineText: string;
}

const OPTIONS: TransformOptions = {
  loader: 'ts',
  format: 'esm',
  // Node 20 is the oldest Node the kernel runs on (VS Code 1.95's Electron has Node 20): decorators
  // and other newer syntax are lowered for it.
  target: 'node20',
  sourcemap: 'external',
  tsconfigRaw: {
    compilerOptions: {
      // Keep every import that is not written `import type`: a cell that imports a value only to
      // use it in a later cell must still bind it (esbuild would drop it as "unused", maybe a type).
      verbatimModuleSyntax: true,
      useDefineForClassFields: true,
    },
  },
};

/**
 * Transpiles one cell. `fileName` names the cell in V8's stack traces (via `//# sourceURL`) and
 * must be unique per execution; the source map maps the result back to the cell's lines.
 */
export async function transpileCell(source: string, fileName: string): Promise<TranspileResult> {
  const cached = recent.get(source);
  if (cached) return { ok: true, code: withSourceUrl(cached.script, fileName), map: cached.map };
  const esbuild = loadEsbuild();
  let code: string;
  let map: string;
  try {
    ({ code, map } = await esbuild.transform(source, { ...OPTIONS, sourcefile: fileName }));
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location: { line: number; column: number; lineText: string } | null }> }).errors?.[0];
    if (!first) throw error;
    return {
      ok: false,
      error: {
        message: first.text,
        line: first.location?.line ?? 1,
        column: first.location?.column ?? 0,
        lineText: first.location?.lineText ?? '',
      },
    };
  }
  // Parsing is the slow part of the rewrite; most cells have nothing to rewrite.
  const script = /\b(import|export)\b/.test(code) ? rewriteModuleSyntax(code) : code;
  const result = { script, map: JSON.parse(map) as RawSourceMap };
  remember(source, result);
  return { ok: true, code: withSourceUrl(script, fileName), map: result.map };
}

/** Cells are often run again unchanged; their transpiled form is kept for the last CACHE_SIZE sources. */
const CACHE_SIZE = 200;
const recent = new Map<string, { script: string; map: RawSourceMap }>();

function remember(source: string, result: { script: string; map: RawSourceMap }): void {
  recent.set(source, result);
  if (recent.size > CACHE_SIZE) recent.delete(recent.keys().next().value!);
}

function withSourceUrl(script: string, fileName: string): string {
  return `${script}\n//# sourceURL=${fileName}`;
}
