// Cells are evaluated as REPL scripts (see kernel/repl/replEvaluator.ts), where `import` and
// `export` declarations are not allowed. This turns them into statements a script can run, on the
// same lines, so that esbuild's source map still holds line for line:
//   import * as tf from "x"        ->  const tf = await __tlnb.import("x");
//   import d, { a, b as c } from "x" ->  const { default: d, a, b: c } = await __tlnb.import("x");
//   import "x"                     ->  await __tlnb.import("x");
//   import("x")                    ->  __tlnb.import("x")
//   export const y = 1             ->  const y = 1            (the keyword is blanked out)
//   export { a as b }              ->  const b = a;           (a renamed export binds its new name)
//   export default 42              ->  module.exports.default = 42
//   export default function f() {} ->  function f() {} void (module.exports.default = f);
//   export { a, b as c } from "x"  ->  const { a, b: c } = await __tlnb.import("x");
//   import.meta                    ->  __tlnb.importMeta      (url, filename, dirname of the notebook)
//   throw value                    ->  throw __tlnb.thrown(value, line, column)   (no call in value)
// The last one returns the value unchanged, and remembers where a value that is not an Error
// (`throw 'str'`, `throw null`) was thrown, since such a value carries no stack.
// Bindings become constants holding the module's exports (not live bindings), as in a REPL.
// `module` and `exports` are the notebook's CommonJS module object (see kernel/cellGlobals.ts), so
// `export default` is readable afterwards as `module.exports.default`, as CommonJS interop reads it.

/* eslint-disable @typescript-eslint/no-unsafe-type-assertion -- acorn's AST is walked as loose AnyNode records: each field read is the one ESTree defines for the node `type` the code has just matched. Typing it with acorn's own node types would remove these casts; not done yet. */
import { parse, type Node } from 'acorn';

/** The global object through which rewritten imports reach the kernel's module loader. */
export const KERNEL_GLOBAL = '__tlnb';

interface Edit {
  start: number;
  end: number;
  text: string;
  /** Text inserted at another position (after a declaration whose head this edit changes). */
  after?: { at: number; text: string };
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
    locations: true,
  }) as unknown as AnyNode & { body: AnyNode[] };

  const edits: Edit[] = [];
  for (const statement of program.body) {
    const edit = rewriteTopLevel(statement, code);
    if (edit) edits.push(edit);
    if (edit?.after) edits.push({ start: edit.after.at, end: edit.after.at, text: edit.after.text });
  }
  visit(program, (node) => {
    if (node.type === 'ImportExpression') edits.push({ start: node.start, end: node.start + 'import'.length, text: `${KERNEL_GLOBAL}.import` });
    if (node.type === 'MetaProperty' && (node.meta as AnyNode).name === 'import') edits.push({ start: node.start, end: node.end, text: `${KERNEL_GLOBAL}.importMeta` });
    // Only arguments that make no stack frames of their own: wrapping shifts them on their line,
    // and an Error created in the argument (`throw new Error()`) must keep its exact column.
    if (node.type === 'ThrowStatement' && !makesFrames(node.argument as AnyNode)) {
      const argument = node.argument as AnyNode;
      const at = node.loc!.start;
      edits.push({ start: argument.end, end: argument.end, text: `, ${at.line}, ${at.column + 1})` });
      edits.push({ start: argument.start, end: argument.start, text: `${KERNEL_GLOBAL}.thrown(` });
    }
  });
  // From the end backwards; at one position, a replacement before an insertion in front of it.
  edits.sort((a, b) => b.start - a.start || b.end - b.start - (a.end - a.start));
  let result = code;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function rewriteTopLevel(node: AnyNode, code: string): Edit | undefined {
  switch (node.type) {
    case 'ImportDeclaration':
      return { start: node.start, end: node.end, text: keepNewlines(importStatement(node), code.slice(node.start, node.end)) };
    case 'ExportNamedDeclaration': {
      const declaration = node.declaration as AnyNode | null;
      // `export const x = 1` keeps its declaration.
      if (declaration) return { start: node.start, end: declaration.start, text: blank(code.slice(node.start, declaration.start)) };
      const original = code.slice(node.start, node.end);
      const specifiers = node.specifiers as AnyNode[];
      if (node.source) return { start: node.start, end: node.end, text: keepNewlines(reExport(node, specifiers), original) };
      // `export { a as b }` binds b; `export { a }` has nothing left to do.
      const renamed = specifiers
        .map((s) => ({ local: name(s.local as AnyNode), exported: name(s.exported as AnyNode) }))
        .filter((s) => s.local !== s.exported && isIdentifier(s.exported) && s.exported !== 'default');
      const text = renamed.map((s) => `const ${s.exported} = ${s.local};`).join(' ');
      return { start: node.start, end: node.end, text: text ? keepNewlines(text, original) : blank(original) };
    }
    case 'ExportDefaultDeclaration': {
      const declaration = node.declaration as AnyNode;
      const id = declaration.id as AnyNode | null | undefined;
      const isDeclaration = declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration';
      if (isDeclaration && id) {
        // `export default function f() {}` declares f, and is the module's default export.
        return { start: node.start, end: declaration.start, text: blank(code.slice(node.start, declaration.start)), after: { at: node.end, text: ` void (module.exports.default = ${name(id)});` } };
      }
      const prefix = 'module.exports.default = ';
      const keyword = code.slice(node.start, declaration.start);
      // Keep columns where possible: the assignment replaces `export default ` (same length or longer).
      const needsParens = isDeclaration; // an anonymous function/class declaration becomes an expression
      return {
        start: node.start,
        end: node.end,
        text: `${prefix.length <= keyword.length ? prefix.padEnd(keyword.length) : prefix}${needsParens ? '(' : ''}${code.slice(declaration.start, declarationEnd(declaration, code))}${needsParens ? ')' : ''};`,
      };
    }
    case 'ExportAllDeclaration': {
      const original = code.slice(node.start, node.end);
      const source = JSON.stringify((node.source as AnyNode).value);
      const exported = node.exported as AnyNode | null;
      const text = exported ? `const ${name(exported)} = await ${KERNEL_GLOBAL}.import(${source});` : `await ${KERNEL_GLOBAL}.import(${source});`;
      return { start: node.start, end: node.end, text: keepNewlines(text, original) };
    }
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

/** `export { a, b as c } from "x"`: the re-exported names are bound, as an import would bind them. */
function reExport(node: AnyNode, specifiers: AnyNode[]): string {
  const load = `await ${KERNEL_GLOBAL}.import(${JSON.stringify((node.source as AnyNode).value)})`;
  const fields = specifiers
    .map((s) => ({ local: name(s.local as AnyNode), exported: name(s.exported as AnyNode) }))
    .filter((s) => isIdentifier(s.exported) && s.exported !== 'default')
    .map((s) => (s.local === s.exported ? s.local : `${isIdentifier(s.local) ? s.local : JSON.stringify(s.local)}: ${s.exported}`));
  return fields.length === 0 ? `${load};` : `const { ${fields.join(', ')} } = ${load};`;
}

function name(node: AnyNode): string {
  return node.type === 'Identifier' ? (node.name as string) : String(node.value);
}

function isIdentifier(text: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(text);
}

/** Where the expression of `export default <expression>;` ends (before its semicolon). */
function declarationEnd(declaration: AnyNode, code: string): number {
  let end = declaration.end;
  while (end > declaration.start && /[\s;]/.test(code[end - 1]!)) end--;
  return end;
}

/** Same text on one line, followed by as many newlines as the original spanned. */
function keepNewlines(text: string, original: string): string {
  return text + '\n'.repeat(original.split('\n').length - 1);
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function makesFrames(node: AnyNode): boolean {
  let found = false;
  visit(node, (n) => {
    if (/^(CallExpression|NewExpression|TaggedTemplateExpression|ImportExpression|AwaitExpression|YieldExpression)$/.test(n.type)) found = true;
  });
  return found;
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
