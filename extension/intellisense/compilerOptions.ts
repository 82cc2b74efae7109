// The TypeScript options of a notebook's program: what the kernel runs (Node 20+, ES modules with
// top-level await, tfjs whose types mention DOM classes). scripts/intellisenseTypes.mjs bundles the
// lib files these name.
//
// Not `strict`: a notebook is exploratory code against tfjs, whose types make strict checks noisy
// for code that runs (a layer's `shape` holds nulls; `tf.grad(f)` with `f(x: Tensor1D)` breaks
// strictFunctionTypes), and the kernel never checks types. What is reported is what would go wrong:
// wrong types, unknown names and members, wrong arguments. docs/intellisense.md says so.

import ts from 'typescript';

export const NOTEBOOK_LIBS = ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'];

export function notebookCompilerOptions(typeRoots: string[]): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: false,
    strictBindCallApply: true,
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

/**
 * "'await' is only allowed in async functions and at the top level of modules" and its kin: a cell's
 * top level is the top level of the kernel's REPL script, where `await` and `for await` work. The
 * program puts cells in namespaces, so these are dropped there, and kept inside a function.
 */
export const TOP_LEVEL_AWAIT_DIAGNOSTICS = new Set([1308, 1103, 1375, 1378, 1431, 1432]);
