// The TypeScript options of a notebook's program: what the kernel runs (Node 20+, ES modules with
// top-level await, tfjs whose types mention DOM classes), checked strictly. scripts/intellisenseTypes.mjs
// bundles the lib files these name.

import ts from 'typescript';

export const NOTEBOOK_LIBS = ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'];

export function notebookCompilerOptions(typeRoots: string[]): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    allowJs: false,
    lib: NOTEBOOK_LIBS,
    types: ['node'],
    typeRoots,
  };
}

/**
 * Diagnostics that are true of TypeScript but not of the kernel, left out:
 * 7016 "Could not find a declaration file for module": the kernel loads untyped packages fine; they are `any`.
 * 2307 is kept ("Cannot find module"): the kernel would fail too.
 */
export const IGNORED_DIAGNOSTICS = new Set([7016]);
