// The virtual TypeScript files that stand for one notebook's code cells, in document order, and the
// mapping between positions in them and positions in the cells. Pure: no I/O, no VS Code.
//
// The kernel runs cells as REPL scripts: a later cell sees every top-level name an earlier one
// declared, and may declare the same name again (the latest declaration wins). Here each cell is a
// script file of its own holding one namespace, nested (by its qualified name) in the previous
// cell's, so names resolve outwards through the cells above, and a re-declaration shadows the
// earlier one instead of conflicting with it:
//
//   nb.cell0.ts   namespace __tlnb_cell0 {
//                 export import tf = __tlnb_imports0.tf;      the cell's import bindings, as aliases
//                 <cell 0, imports blanked, `export ` before each top-level declaration>
//                 }
//   nb.cell1.ts   namespace __tlnb_cell0.__tlnb_cell1 {
//                 <cell 1>
//                 }
//
// A namespace's members are seen from its other declarations (other files) only when exported,
// hence the `export ` inserted before each top-level declaration; positions map around those
// insertions exactly. One file per cell is what keeps typing fast: an edit changes one small file,
// and TypeScript re-parses and re-binds only that one, reusing every other cell's syntax tree
// (docs/intellisense.md has the figures).
//
// Import declarations cannot stand inside a namespace, so each cell's imports live in a module of
// their own (`nb.imports0.ts`: the cell's text with everything but its imports blanked), which
// keeps module-specifier completions and import diagnostics at the cell's own offsets, and which
// hands its bindings to the script files through a global namespace (`declare global`). Aliases
// (`import x = ns.x`) carry a binding's value, type and namespace meanings alike.

import ts from 'typescript';

/** Names this file generates; completions and messages hide them. */
export const GENERATED_PREFIX = '__tlnb_';
const CELL_NAMESPACE = `${GENERATED_PREFIX}cell`;
const IMPORTS_NAMESPACE = `${GENERATED_PREFIX}imports`;
const EXPORT = 'export ';
/** The imports module's namespace, as a member of its global namespace (`__tlnb_imports0.module`). */
const MODULE = 'module';

export interface VirtualFile {
  fileName: string;
  text: string;
}

/** A place in a code cell: the cell's index among the program's cells, and a character offset. */
export interface CellPosition {
  cell: number;
  offset: number;
}

interface ImportBinding {
  name: string;
  /** Offset of the binding's name in the cell. */
  start: number;
  /** A named import that is a property of an `export =` object (`join` of 'node:path'): a value only. */
  valueOnly: boolean;
}

/**
 * Node modules declared as `export =` of an object whose members are properties (`path.join`), not
 * namespace members. An exported alias of such a property is not found as a name (TypeScript looks
 * namespace exports up as module members, which a property is not), so their named imports reach
 * later cells as values: `export declare const join: typeof …join`.
 */
const PROPERTY_EXPORT_MODULES = new Set(['path', 'path/posix', 'path/win32', 'process', 'constants', 'console']);


interface CellImport {
  start: number;
  end: number;
  bindings: ImportBinding[];
}

/** What the program needs to know about one cell's text; cached by text. */
interface CellShape {
  imports: CellImport[];
  /** Cell offsets of the top-level declarations that get `export ` inserted before them, ascending. */
  exports: number[];
}

interface CellLayout {
  file: VirtualFile;
  /** Where the cell's text starts in its file. */
  base: number;
  length: number;
  shape: CellShape;
  importsFile?: string;
  /** File offset of each alias name, by the binding's offset in the cell. */
  aliases: Array<{ binding: ImportBinding; fileStart: number }>;
}

const shapes = new Map<string, CellShape>();
const SHAPE_CACHE_SIZE = 2000;

export class NotebookProgram {
  private readonly byFile = new Map<string, { cell: number; imports: boolean }>();

  constructor(
    readonly files: readonly VirtualFile[],
    private readonly cells: readonly CellLayout[],
    private readonly texts: readonly string[],
  ) {
    cells.forEach((cell, index) => {
      this.byFile.set(cell.file.fileName, { cell: index, imports: false });
      if (cell.importsFile) this.byFile.set(cell.importsFile, { cell: index, imports: true });
    });
  }

  get cellCount(): number {
    return this.cells.length;
  }

  /** The virtual files that hold a cell: its script and, if it imports, its imports module. */
  filesOf(cell: number): string[] {
    const layout = this.cells[cell];
    return layout ? [layout.file.fileName, ...(layout.importsFile ? [layout.importsFile] : [])] : [];
  }

  /**
   * Where a cell offset is in the virtual files. `purpose: 'rename'` sends an import binding's name
   * to its alias in the cell's script, where references from the other cells meet.
   */
  toVirtual(position: CellPosition, purpose: 'read' | 'rename' = 'read'): { fileName: string; pos: number } | undefined {
    const cell = this.cells[position.cell];
    if (!cell || position.offset < 0 || position.offset > cell.length) return undefined;
    const text = this.texts[position.cell]!;
    const inImport = cell.shape.imports.find((i) => i.start <= position.offset && (position.offset < i.end || (position.offset === i.end && !/[;\n]/.test(text[i.end - 1] ?? ''))));
    if (inImport && cell.importsFile) {
      if (purpose === 'rename') {
        const alias = cell.aliases.find((a) => a.binding.start <= position.offset && position.offset <= a.binding.start + a.binding.name.length);
        if (alias) return { fileName: cell.file.fileName, pos: alias.fileStart + position.offset - alias.binding.start };
      }
      return { fileName: cell.importsFile, pos: position.offset };
    }
    // An offset at an inserted `export ` goes after it, to the declaration's own keyword.
    const inserted = countUpTo(cell.shape.exports, position.offset) * EXPORT.length;
    return { fileName: cell.file.fileName, pos: cell.base + position.offset + inserted };
  }

  /** The cell position of a virtual-file offset; undefined for text the program generated. */
  toCell(fileName: string, pos: number): CellPosition | undefined {
    const owner = this.byFile.get(fileName);
    if (!owner) return undefined;
    const cell = this.cells[owner.cell]!;
    if (owner.imports) return pos <= cell.length ? { cell: owner.cell, offset: pos } : undefined;
    const alias = cell.aliases.find((a) => pos >= a.fileStart && pos <= a.fileStart + a.binding.name.length);
    if (alias) return { cell: owner.cell, offset: alias.binding.start + pos - alias.fileStart };
    let relative = pos - cell.base;
    if (relative < 0) return undefined;
    for (const at of cell.shape.exports) {
      if (relative < at) break;
      // Inside an inserted `export `: the declaration it stands before.
      if (relative < at + EXPORT.length) return { cell: owner.cell, offset: at };
      relative -= EXPORT.length;
    }
    return relative <= cell.length ? { cell: owner.cell, offset: relative } : undefined;
  }

  /** A span in a virtual file as a span in one cell, when both ends map into the same cell. */
  toCellSpan(fileName: string, start: number, length: number): { cell: number; start: number; length: number } | undefined {
    const from = this.toCell(fileName, start);
    const to = this.toCell(fileName, start + length);
    if (!from || !to || from.cell !== to.cell || to.offset < from.offset) return undefined;
    return { cell: from.cell, start: from.offset, length: to.offset - from.offset };
  }

  isVirtual(fileName: string): boolean {
    return this.byFile.has(fileName);
  }
}

/**
 * Builds the program's files for `cells` (the code cells' texts, in order). `dir` is the notebook's
 * folder (relative imports resolve from there, as in the kernel); `name` makes the file names unique.
 */
export function buildNotebookProgram(dir: string, name: string, cells: readonly string[]): NotebookProgram {
  const base = `${dir.replace(/\/+$/, '')}/${name}`;
  const files: VirtualFile[] = [];
  const layouts: CellLayout[] = [];
  let qualified = '';
  cells.forEach((text, index) => {
    const shape = shapeOf(text);
    qualified += `${index === 0 ? '' : '.'}${CELL_NAMESPACE}${index}`;
    const layout: CellLayout = { file: { fileName: `${base}.cell${index}.ts`, text: '' }, base: 0, length: text.length, shape, aliases: [] };
    let script = `namespace ${qualified} {\n`;
    if (shape.imports.length > 0) {
      const importsFile = `${base}.imports${index}.ts`;
      layout.importsFile = importsFile;
      const names = [...new Set(shape.imports.flatMap((i) => i.bindings.map((b) => b.name)))];
      const self = `${IMPORTS_NAMESPACE}_self`;
      files.push({
        fileName: importsFile,
        text: `${keepOnly(text, shape.imports)}\nexport { ${names.join(', ')} };\nimport * as ${self} from ${JSON.stringify(`./${name}.imports${index}`)};\ndeclare global { namespace ${IMPORTS_NAMESPACE}${index} { export import ${MODULE} = ${self}; } }\n`,
      });
      for (const imported of shape.imports) {
        for (const binding of imported.bindings) {
          script += binding.valueOnly ? 'export declare const ' : 'export import ';
          layout.aliases.push({ binding, fileStart: script.length });
          const target = `${IMPORTS_NAMESPACE}${index}.${MODULE}.${binding.name}`;
          script += binding.valueOnly ? `${binding.name}: typeof ${target}; ` : `${binding.name} = ${target}; `;
        }
      }
    }
    script += '\n';
    layout.base = script.length;
    script += `${withExports(blankRanges(text, shape.imports), shape.exports)}\n}\n`;
    layout.file.text = script;
    files.push(layout.file);
    layouts.push(layout);
  });
  return new NotebookProgram(files, layouts, cells);
}

function shapeOf(text: string): CellShape {
  const cached = shapes.get(text);
  if (cached) return cached;
  const file = ts.createSourceFile('cell.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const shape = { imports: findImports(file), exports: findDeclarations(file) };
  shapes.set(text, shape);
  if (shapes.size > SHAPE_CACHE_SIZE) shapes.delete(shapes.keys().next().value!);
  return shape;
}

/** The cell's top-level import declarations and the names they bind. */
function findImports(file: ts.SourceFile): CellImport[] {
  const imports: CellImport[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings: ImportBinding[] = [];
    const clause = statement.importClause;
    const specifier = ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text.replace(/^node:/, '') : '';
    const add = (identifier: ts.Identifier, valueOnly = false) => bindings.push({ name: identifier.text, start: identifier.getStart(file), valueOnly });
    if (clause?.name) add(clause.name);
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) add(named.name);
    if (named && ts.isNamedImports(named)) for (const element of named.elements) add(element.name, PROPERTY_EXPORT_MODULES.has(specifier) && !clause.isTypeOnly && !element.isTypeOnly);
    imports.push({ start: statement.getStart(file), end: statement.end, bindings: bindings.filter((b) => b.name.length > 0) });
  }
  return imports;
}

/** Offsets of the top-level declarations that later cells must see (those not exported already). */
function findDeclarations(file: ts.SourceFile): number[] {
  const offsets: number[] = [];
  for (const statement of file.statements) {
    const declares =
      (ts.isVariableStatement(statement) && !(statement.declarationList.flags & ts.NodeFlags.Using)) /* `using` and `await using` cannot be exported */ ||
      (ts.isFunctionDeclaration(statement) && statement.name !== undefined) ||
      (ts.isClassDeclaration(statement) && statement.name !== undefined) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name));
    if (!declares) continue;
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword)) continue;
    // Before the first modifier or keyword, after any decorators (`@d export class` is allowed).
    const decorators = ts.canHaveDecorators(statement) ? (ts.getDecorators(statement) ?? []) : [];
    if (decorators.length === 0) {
      offsets.push(statement.getStart(file));
      continue;
    }
    const after = decorators[decorators.length - 1]!.end;
    offsets.push(after + /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/.exec(file.text.slice(after))![0].length);
  }
  return offsets;
}

/** How many of the ascending `offsets` are at or before `offset`. */
function countUpTo(offsets: readonly number[], offset: number): number {
  let count = 0;
  while (count < offsets.length && offsets[count]! <= offset) count++;
  return count;
}

/** The text with `export ` inserted at each offset (ascending). */
function withExports(text: string, offsets: readonly number[]): string {
  let result = '';
  let at = 0;
  for (const offset of offsets) {
    result += text.slice(at, offset) + EXPORT;
    at = offset;
  }
  return result + text.slice(at);
}

/** The text with the given ranges replaced by spaces (newlines kept, so lines stay where they are). */
function blankRanges(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  let result = text;
  for (const { start, end } of ranges) result = result.slice(0, start) + result.slice(start, end).replace(/[^\n\r]/g, ' ') + result.slice(end);
  return result;
}

/** The text with everything outside the given ranges replaced by spaces. */
function keepOnly(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  let result = '';
  let at = 0;
  for (const { start, end } of ranges) {
    result += text.slice(at, start).replace(/[^\n\r]/g, ' ') + text.slice(start, end);
    at = end;
  }
  return result + text.slice(at).replace(/[^\n\r]/g, ' ');
}

/** A message or type as the user should read it: without the namespaces and aliases generated here. */
export function withoutGeneratedNames(text: string): string {
  return text
    .replace(/\n(export )?import (__tlnb_cell\d+\.)*[\p{L}\p{N}_$]+ = [\p{L}\p{N}_$.]+/gu, '')
    .replace(new RegExp(`(typeof )?${CELL_NAMESPACE}\\d+\\.`, 'g'), (_, typeofKeyword: string | undefined) => typeofKeyword ?? '')
    .replace(new RegExp(`${IMPORTS_NAMESPACE}\\d+\\.(${MODULE}\\.)?`, 'g'), '');
}
