// `tlnb run --param name=value`, papermill's convention: the code cell tagged `parameters`
// (cell metadata `tags`, as in Jupyter) holds the defaults; a cell tagged `injected-parameters`
// inserted after it re-declares the names given on the command line, so the saved notebook says
// what was set. The kernel evaluates in V8's REPL mode, where a later `const x` may re-declare an
// earlier `const x` but not a `let x`: the injected cell uses the keyword the parameters cell used,
// which is why the parameters cell's top-level declarations are read here. Pure.

import { INJECTED_PARAMETERS_TAG as INJECTED_TAG, PARAMETERS_TAG, hasTag, parseJson, type CellFile, type JsonValue } from '../common/format';

export interface Parameter {
  name: string;
  value: JsonValue;
}

/** A usage error (exit status 2): says which parameter and what to do. */
export class ParameterError extends Error {}

/** `name=value`: the value is JSON when it parses as JSON (`3`, `true`, `[1,2]`, `"x"`), else the text itself. */
export function parseParameter(arg: string): Parameter {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  if (eq < 0) throw new ParameterError(`--param ${arg}: expected name=value (for example --param epochs=5)`);
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new ParameterError(`--param ${arg}: "${name}" is not a variable name`);
  const text = arg.slice(eq + 1);
  let value: JsonValue;
  try {
    value = parseJson(text);
  } catch {
    value = text;
  }
  return { name, value };
}

/**
 * Returns the cells with an `injected-parameters` cell after the parameters cell (replacing one a
 * previous run injected). Throws ParameterError naming the parameter when there is no parameters
 * cell or the parameters cell does not declare it.
 */
export function injectParameters(cells: readonly CellFile[], parameters: readonly Parameter[]): CellFile[] {
  if (parameters.length === 0) return [...cells];
  const kept = cells.filter((cell) => !hasTag(cell.metadata, INJECTED_TAG));
  const at = kept.findIndex((cell) => cell.kind === 'code' && hasTag(cell.metadata, PARAMETERS_TAG));
  const names = parameters.map((p) => p.name).join(', ');
  if (at < 0) {
    throw new ParameterError(
      `--param ${names}: this notebook has no parameters cell. Tag the code cell that declares the defaults ` +
        `with "${PARAMETERS_TAG}" (cell metadata "tags": ["${PARAMETERS_TAG}"]; in VS Code: tlnb: Toggle Parameters Cell)`,
    );
  }
  const declared = topLevelDeclarations(kept[at]!.source);
  const lines = parameters.map(({ name, value }) => {
    const keyword = declared.get(name);
    if (!keyword) {
      const known = [...declared.keys()];
      throw new ParameterError(
        `--param ${name}: the parameters cell (cell ${cells.indexOf(kept[at]!) + 1}) declares no top-level "${name}" ` +
          `(it declares ${known.length ? known.join(', ') : 'nothing with const, let or var'}); add "let ${name} = …;" to it or fix the name`,
      );
    }
    return `${keyword} ${name} = ${JSON.stringify(value)};`;
  });
  const injected: CellFile = {
    kind: 'code',
    language: 'typescript',
    source: ['// Parameters set by tlnb run --param', ...lines].join('\n'),
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    extra: {},
  };
  return [...kept.slice(0, at + 1), injected, ...kept.slice(at + 1)];
}

/**
 * The names a cell declares at its top level with `const`, `let` or `var` (simple names, also
 * several per statement: `let a = 1, b: number = 2`), with their keyword. Comments, strings,
 * template literals and nested blocks are skipped. Destructuring patterns are not read.
 */
export function topLevelDeclarations(source: string): Map<string, 'const' | 'let' | 'var'> {
  const found = new Map<string, 'const' | 'let' | 'var'>();
  const tokens = tokenize(source);
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if ('([{'.includes(token) && token.length === 1) depth++;
    else if (')]}'.includes(token) && token.length === 1) depth--;
    else if (depth === 0 && (token === 'const' || token === 'let' || token === 'var')) {
      // Declarators: name [: type] [= init] separated by commas at this depth, up to ';' or a new statement.
      let expectName = true;
      let inner = 0;
      for (let j = i + 1; j < tokens.length; j++) {
        const t = tokens[j]!;
        if (inner === 0 && expectName) {
          if (/^[A-Za-z_$][\w$]*$/.test(t)) found.set(t, token);
          expectName = false;
        }
        if ('([{<'.includes(t) && t.length === 1) inner++;
        else if (')]}>'.includes(t) && t.length === 1) inner--;
        else if (inner === 0 && t === ',') expectName = true;
        else if (inner <= 0 && (t === ';' || t === '\n')) {
          // A newline ends the statement only where the declaration cannot continue.
          if (t === ';' || !continues(tokens, j)) {
            i = j;
            break;
          }
        }
        if (inner < 0) inner = 0;
        i = j;
      }
    }
  }
  return found;
}

/** After a newline, a declaration goes on if the line before ended in an operator or the next line starts with one. */
function continues(tokens: string[], newline: number): boolean {
  const before = tokens[newline - 1];
  let k = newline + 1;
  while (tokens[k] === '\n') k++;
  const after = tokens[k];
  const operator = /^[=,+\-*/%&|^?:.!<>]+$/;
  return (before !== undefined && operator.test(before)) || (after !== undefined && operator.test(after) && after !== '!');
}

/** Identifiers, punctuation and newlines; comments, strings and template literals dropped (a string becomes `""`). */
function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      tokens.push('\n');
      i++;
    } else if (/\s/.test(c)) i++;
    else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < source.length && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      i++;
      tokens.push('""');
    } else if (/[A-Za-z_$0-9]/.test(c)) {
      const start = i;
      while (i < source.length && /[\w$]/.test(source[i]!)) i++;
      tokens.push(source.slice(start, i));
    } else {
      tokens.push(c);
      i++;
    }
  }
  return tokens;
}
