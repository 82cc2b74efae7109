// The virtual TypeScript files that stand for one notebook's code cells, in document order, and the
// mapping between positions in them and positions in the cells. Pure: no I/O, no VS Code.
//
// The kernel runs cells as REPL scripts: a later cell sees every top-level name an earlier one
// declared, and may declare the same name again (the latest declaration wins). Here each cell is
// a namespace nested in the previous cell's, so names resolve outwards through the cells above,
// and a re-declaration shadows the earlier one instead of conflicting with it:
//
//   import * as __tlnb_imports0 from './nb.cell0';        one line per cell that imports
//   namespace __tlnb_cell0 {
//   import tf = __tlnb_imports0.tf;                       the cell's import bindings, as aliases
//   <cell 0, its import declarations blanked>
//   namespace __tlnb_cell1 {
//   <cell 1>
//   }}
//   export {};
//
// Import declarations cannot stand inside a namespace, so each cell's imports live in a file of
// their own (`nb.cell0.ts`: the cell's text with everything but its imports blanked, then
// `export { tf }`), which keeps module-specifier completions and import diagnostics. Aliases
// (`import x = ns.x`) carry a binding's value, type and namespace meanings alike. A file with an
// import is a module, so top-level `await` type-checks inside the namespaces.
//
// A cell whose braces do not balance (while being typed) would swallow the cells after it, so it
// is placed after all the others, at the innermost level, until it balances again.

import ts from 'typescript';

/** Names this file generates; completions and messages hide them. */
export const GENERATED_PREFIX = '__tlnb_';
const CELL_NAMESPACE = `${GENERATED_PREFIX}cell`;
const IMPORTS_NAMESPACE = `${GENERATED_PREFIX}imports`;

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
}

interface CellImport {
  start: number;
  end: number;
  bindings: ImportBinding[];
}

/** What the program needs to know about one cell's text; cached by text. */
interface CellShape {
  imports: CellImport[];
  /** Whether the cell's braces balance, so it can enclose the cells after it. */
  balanced: boolean;
}

interface CellLayout {
  /** Where the cell's text starts in the main file. */
  base: number;
  length: number;
  imports: CellImport[];
  importsFile?: string;
  /** Main-file offset of each alias name, by the binding's offset in the cell. */
  aliases: Array<{ binding: ImportBinding; mainStart: number }>;
}

const shapes = new Map<string, CellShape>();
const SHAPE_CACHE_SIZE = 2000;

export class NotebookProgram {
  private readonly byFile = new Map<string, number>();

  constructor(
    readonly main: VirtualFile,
    readonly importFiles: VirtualFile[],
    private readonly cells: CellLayout[],
    private readonly texts: readonly string[],
  ) {
    cells.forEach((cell, index) => {
      if (cell.importsFile) this.byFile.set(cell.importsFile, index);
    });
  }

  get files(): VirtualFile[] {
    return [this.main, ...this.importFiles];
  }

  get cellCount(): number {
    return this.cells.length;
  }

  /**
   * Where a cell offset is in the virtual files. `purpose: 'rename'` sends an import binding's name
   * to its alias in the main file, where references from the other cells meet.
   */
  toVirtual(position: CellPosition, purpose: 'read' | 'rename' = 'read'): { fileName: string; pos: number } | undefined {
    const cell = this.cells[position.cell];
    if (!cell || position.offset < 0 || position.offset > cell.length) return undefined;
    const text = this.texts[position.cell]!;
    const inImport = cell.imports.find((i) => i.start <= position.offset && (position.offset < i.end || (position.offset === i.end && !/[;\n]/.test(text[i.end - 1] ?? ''))));
    if (inImport && cell.importsFile) {
      if (purpose === 'rename') {
        const alias = cell.aliases.find((a) => a.binding.start <= position.offset && position.offset <= a.binding.start + a.binding.name.length);
        if (alias) return { fileName: this.main.fileName, pos: alias.mainStart + position.offset - alias.binding.start };
      }
      return { fileName: cell.importsFile, pos: position.offset };
    }
    return { fileName: this.main.fileName, pos: cell.base + position.offset };
  }

  /** The cell position of a virtual-file offset; undefined for text the program generated. */
  toCell(fileName: string, pos: number): CellPosition | undefined {
    if (fileName === this.main.fileName) {
      for (let index = 0; index < this.cells.length; index++) {
        const cell = this.cells[index]!;
        if (pos >= cell.base && pos <= cell.base + cell.length) return { cell: index, offset: pos - cell.base };
        const alias = cell.aliases.find((a) => pos >= a.mainStart && pos <= a.mainStart + a.binding.name.length);
        if (alias) return { cell: index, offset: alias.binding.start + pos - alias.mainStart };
      }
      return undefined;
    }
    const index = this.byFile.get(fileName);
    if (index === undefined) return undefined;
    return pos <= this.cells[index]!.length ? { cell: index, offset: pos } : undefined;
  }

  /** A span in a virtual file as a span in one cell, when both ends map into the same cell. */
  toCellSpan(fileName: string, start: number, length: number): { cell: number; start: number; length: number } | undefined {
    const from = this.toCell(fileName, start);
    const to = this.toCell(fileName, start + length);
    if (!from || !to || from.cell !== to.cell || to.offset < from.offset) return undefined;
    return { cell: from.cell, start: from.offset, length: to.offset - from.offset };
  }

  isVirtual(fileName: string): boolean {
    return fileName === this.main.fileName || this.byFile.has(fileName);
  }
}

/**
 * Builds the program's files for `cells` (the code cells' texts, in order). `dir` is the notebook's
 * folder (relative imports resolve from there, as in the kernel); `name` makes the file names unique.
 */
export function buildNotebookProgram(dir: string, name: string, cells: readonly string[]): NotebookProgram {
  const base = `${dir.replace(/\/+$/, '')}/${name}`;
  const mainName = `${base}.notebook.ts`;
  const shaped = cells.map(shapeOf);
  const importFiles: VirtualFile[] = [];
  const header: string[] = [];
  const layouts: CellLayout[] = cells.map(() => ({ base: 0, length: 0, imports: [], aliases: [] }));

  cells.forEach((text, index) => {
    const { imports } = shaped[index]!;
    const layout = layouts[index]!;
    layout.length = text.length;
    layout.imports = imports;
    if (imports.length === 0) return;
    const fileName = `${base}.cell${index}.ts`;
    layout.importsFile = fileName;
    const names = [...new Set(imports.flatMap((i) => i.bindings.map((b) => b.name)))];
    importFiles.push({ fileName, text: `${keepOnly(text, imports)}\nexport { ${names.join(', ')} };\n` });
    header.push(`import * as ${IMPORTS_NAMESPACE}${index} from ${JSON.stringify(`./${name}.cell${index}`)};\n`);
  });

  let main = header.join('');
  let open = 0;
  const emitCell = (index: number) => {
    const layout = layouts[index]!;
    main += `namespace ${CELL_NAMESPACE}${index} {\n`;
    for (const imported of layout.imports) {
      for (const binding of imported.bindings) {
        main += 'import ';
        layout.aliases.push({ binding, mainStart: main.length });
        main += `${binding.name} = ${IMPORTS_NAMESPACE}${index}.${binding.name}; `;
      }
    }
    main += '\n';
    layout.base = main.length;
    main += `${blankRanges(cells[index]!, layout.imports)}\n`;
  };
  const unbalanced: number[] = [];
  cells.forEach((_, index) => {
    if (!shaped[index]!.balanced) return void unbalanced.push(index);
    emitCell(index);
    open++;
  });
  for (const index of unbalanced) {
    emitCell(index);
    main += '}\n';
  }
  main += `${'}'.repeat(open)}\nexport {};\n`;
  return new NotebookProgram({ fileName: mainName, text: main }, importFiles, layouts, cells);
}

function shapeOf(text: string): CellShape {
  const cached = shapes.get(text);
  if (cached) return cached;
  const shape = { imports: findImports(text), balanced: balances(text) };
  shapes.set(text, shape);
  if (shapes.size > SHAPE_CACHE_SIZE) shapes.delete(shapes.keys().next().value!);
  return shape;
}

/** The cell's top-level import declarations and the names they bind. */
function findImports(text: string): CellImport[] {
  if (!/\bimport\b/.test(text)) return [];
  const file = ts.createSourceFile('cell.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports: CellImport[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings: ImportBinding[] = [];
    const clause = statement.importClause;
    const add = (identifier: ts.Identifier) => bindings.push({ name: identifier.text, start: identifier.getStart(file) });
    if (clause?.name) add(clause.name);
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) add(named.name);
    if (named && ts.isNamedImports(named)) for (const element of named.elements) add(element.name);
    imports.push({ start: statement.getStart(file), end: statement.end, bindings: bindings.filter((b) => b.name.length > 0) });
  }
  return imports;
}

/** Whether the text, wrapped in a namespace, ends that namespace exactly at the closing brace added. */
function balances(text: string): boolean {
  const prefix = 'namespace n {\n';
  const wrapped = `${prefix}${text}\n}`;
  const file = ts.createSourceFile('probe.ts', wrapped, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const statement = file.statements[0];
  if (file.statements.length !== 1 || !statement || !ts.isModuleDeclaration(statement) || statement.end !== wrapped.length) return false;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- TypeScript's internal SourceFile.parseDiagnostics: the only syntax errors of a file outside a program
  const parseErrors = (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  // A missing closing brace is reported at the end of the text; an error at the added brace itself
  // (`model.` then `}`: "Identifier expected") leaves the namespace closed where it should be.
  return !parseErrors.some((d) => (d.start ?? 0) >= wrapped.length);
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
    .replace(/\nimport [\p{L}\p{N}_$]+ = __tlnb_imports\d+\.[\p{L}\p{N}_$]+/gu, '')
    .replace(new RegExp(`(typeof )?${CELL_NAMESPACE}\\d+\\.`, 'g'), (_, typeofKeyword: string | undefined) => typeofKeyword ?? '')
    .replace(new RegExp(`${IMPORTS_NAMESPACE}\\d+\\.`, 'g'), '');
}
