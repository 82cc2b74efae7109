// Cells are evaluated as REPL scripts (see kernel/repl/replEvaluator.ts), where `import` and
// `export` declarations are not allowed. This turns them into statements a script can run, on the
// same lines, so that esbuild's source map still holds line for line:
//   import * as tf from "x"        ->  const tf = await __tlnb.import("x");
//   import d, { a, b as c } from "x" ->  const { default: d, a, b: c } = await __tlnb.import("x");
//   import "x"                     ->  await __tlnb.import("x");
//   import("x")                    ->  __tlnb.import("x")
//   export const y = 1             ->  const y = 1            (the keyword is blanked out)
// Bindings become constants holding the module's exports (not live bindings), as in a REPL.

import { parse, type Node } from 'acorn';

/** The global object through which rewritten imports reach the kernel's module loader. */
export const KERNEL_GLOBAL = '__tlnb';

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface AnyNode extends Node {
  [key: string]: unknown;
}

/** Rewrites import/export syntax in JavaScript (esbuild's output for a cell). Pure. */
export function rewriteModuleSyntax(code: string): string {
  const program = parse(code, {
    ecmaVersion: 'latest',
    sourceType: 'script',
    allowImportExportEverywhere: true,
    allowAwaitOutsideFunction: true,
    allowHashBang: true,
  }) as unknown as AnyNode & { body: AnyNode[] };

  const edits: Edit[] = [];
  for (const statement of program.body) {
    const edit = rewriteTopLevel(statement, code);
    if (edit) edits.push(edit);
  }
  visit(program, (node) => {
    if (node.type === 'ImportExpression') edits.push({ start: node.start, end: node.start + 'import'.length, text: `${KERNEL_GLOBAL}.import` });
  });
  edits.sort((a, b) => b.start - a.start);
  let result = code;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function rewriteTopLevel(node: AnyNode, code: string): Edit | undefined {
  switch (node.type) {
    case 'ImportDeclaration':
      return { start: node.start, end: node.end, text: keepNewlines(importStatement(node), code.slice(node.start, node.end)) };
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration': {
      const declaration = node.declaration as AnyNode | null;
      // `export const x = 1` keeps its declaration; `export { a }` and re-exports vanish.
      if (declaration) return { start: node.start, end: declaration.start, text: blank(code.slice(node.start, declaration.start)) };
      return { start: node.start, end: node.end, text: blank(code.slice(node.start, node.end)) };
    }
    case 'ExportAllDeclaration':
      return { start: node.start, end: node.end, text: blank(code.slice(node.start, node.end)) };
    default:
      return undefined;
  }
}

function importStatement(node: AnyNode): string {
  const source = JSON.stringify((node.source as AnyNode).value);
  const load = `await ${KERNEL_GLOBAL}.import(${source})`;
  const specifiers = node.specifiers as AnyNode[];
  if (specifiers.length === 0) return `${load};`;

  const namespace = specifiers.find((s) => s.type === 'ImportNamespaceSpecifier');
  const fields: string[] = [];
  for (const s of specifiers) {
    const local = (s.local as AnyNode).name as string;
    if (s.type === 'ImportDefaultSpecifier') fields.push(`default: ${local}`);
    if (s.type === 'ImportSpecifier') {
      const imported = s.imported as AnyNode;
      const name = imported.type === 'Identifier' ? (imported.name as string) : JSON.stringify(imported.value);
      fields.push(name === local ? local : `${name}: ${local}`);
    }
  }
  if (namespace) {
    const ns = (namespace.local as AnyNode).name as string;
    return fields.length === 0 ? `const ${ns} = ${load};` : `const ${ns} = ${load}; const { ${fields.join(', ')} } = ${ns};`;
  }
  return `const { ${fields.join(', ')} } = ${load};`;
}

/** Same text on one line, followed by as many newlines as the original spanned. */
function keepNewlines(text: string, original: string): string {
  return text + '\n'.repeat(original.split('\n').length - 1);
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function visit(node: AnyNode, onNode: (node: AnyNode) => void): void {
  onNode(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) visit(child, onNode);
    } else if (isNode(value)) {
      visit(value, onNode);
    }
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
