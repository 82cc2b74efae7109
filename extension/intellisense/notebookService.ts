// A TypeScript language service over one notebook's program (notebookProgram.ts), answering in
// cell coordinates: completions, quick info, signature help, definitions, references, rename and
// diagnostics. No VS Code here: providers.ts adapts it, and unit tests and the benchmark drive it.
//
// Modules resolve as in the kernel: `tlnb` and the tfjs packages the kernel provides from the
// shipped types (typesBundle.ts), anything else from the notebook folder's node_modules first,
// then from the shipped types (Node's built-ins are declared there by @types/node).

import ts from 'typescript';
import { IGNORED_DIAGNOSTICS, TOP_LEVEL_AWAIT_DIAGNOSTICS, notebookCompilerOptions } from './compilerOptions';
import { GENERATED_PREFIX, buildNotebookProgram, withoutGeneratedNames, type NotebookProgram } from './notebookProgram';
import type { TypesBundle } from './typesBundle';

/** Modules the kernel always serves itself (kernel/main.ts, `builtins`), whatever node_modules holds. */
const KERNEL_MODULES = new Set(['tlnb', '@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-data']);

/** A span in a cell, or in a file outside the notebook (a package's or a shipped declaration file). */
export type Location =
  | { kind: 'cell'; cell: number; start: number; length: number }
  | { kind: 'file'; path: string; bundled: boolean; start: number; length: number; line: number; character: number };

export interface CellDiagnostic {
  cell: number;
  start: number;
  length: number;
  message: string;
  code: number;
  category: 'error' | 'warning' | 'suggestion' | 'message';
}

export interface Completion {
  name: string;
  kind: string;
  kindModifiers: string | undefined;
  sortText: string;
  insertText: string | undefined;
  isSnippet: boolean;
  /** The part of the cell the completion replaces, if TypeScript says. */
  replacement: { start: number; length: number } | undefined;
  source: string | undefined;
  data: ts.CompletionEntryData | undefined;
}

export interface QuickInfo {
  /** The declaration as TypeScript prints it, e.g. `const model: tf.Sequential`. */
  signature: string;
  documentation: string;
  start: number;
  length: number;
}

export interface SignatureHelp {
  signatures: Array<{ label: string; documentation: string; parameters: Array<{ label: [number, number]; documentation: string }> }>;
  activeSignature: number;
  activeParameter: number;
}

export type RenameResult = { ok: true; edits: Array<{ cell: number; start: number; length: number; text: string }> } | { ok: false; reason: string };

const documentRegistry = ts.createDocumentRegistry();
/**
 * Script versions, unique across services: the shared registry keeps a file by name and version,
 * and two services may name a file alike (the same notebook reopened).
 */
let lastVersion = 0;

const PREFERENCES: ts.UserPreferences = {
  includeCompletionsWithInsertText: true,
  includeCompletionsWithSnippetText: false,
  // Auto-imports would edit the generated file, not the cell.
  includeCompletionsForModuleExports: false,
  includeAutomaticOptionalChainCompletions: true,
  providePrefixAndSuffixTextForRename: true,
  allowRenameOfImportPath: false,
};

export class NotebookService {
  private program: NotebookProgram;
  private readonly versions = new Map<string, { text: string; version: number }>();
  private readonly service: ts.LanguageService;
  private readonly options: ts.CompilerOptions;
  private readonly resolutionCache: ts.ModuleResolutionCache;
  private readonly bundledCache: ts.ModuleResolutionCache;
  private projectVersion = 0;

  /**
   * `dir`: the notebook's folder (imports resolve from there); `name`: the notebook's file name,
   * which names the virtual files. `fileSystem` reads the real disk (the notebook folder's packages).
   */
  constructor(
    private readonly types: TypesBundle,
    private readonly dir: string,
    private readonly name: string,
    private readonly fileSystem: Pick<ts.System, 'fileExists' | 'readFile' | 'directoryExists' | 'getDirectories' | 'realpath'> = ts.sys,
  ) {
    this.options = notebookCompilerOptions([`${types.root}/node_modules/@types`]);
    this.program = buildNotebookProgram(dir, name, []);
    this.bundledCache = ts.createModuleResolutionCache(types.root, (f) => f, this.options);
    // One package.json cache for both, handed to each new program (getModuleResolutionCache): else
    // every program looks up the package.json above each of hundreds of declaration files again.
    this.resolutionCache = ts.createModuleResolutionCache(dir, (f) => f, this.options, this.bundledCache.getPackageJsonInfoCache());
    this.service = ts.createLanguageService(this.host(), documentRegistry);
    this.setFiles();
  }

  /** Replaces the cells (the code cells' texts, in document order). Cheap; work happens on the next question. */
  update(cells: readonly string[]): void {
    this.program = buildNotebookProgram(this.dir, this.name, cells);
    this.setFiles();
  }

  get cellCount(): number {
    return this.program.cellCount;
  }

  completions(cell: number, offset: number, triggerCharacter?: ts.CompletionsTriggerCharacter): { entries: Completion[]; isMember: boolean } | undefined {
    const at = this.program.toVirtual({ cell, offset });
    if (!at) return undefined;
    const result = this.service.getCompletionsAtPosition(at.fileName, at.pos, { ...PREFERENCES, ...(triggerCharacter ? { triggerCharacter } : {}) });
    if (!result) return undefined;
    const entries: Completion[] = [];
    for (const entry of result.entries) {
      if (entry.name.startsWith(GENERATED_PREFIX)) continue;
      const replacement = entry.replacementSpan ? this.program.toCellSpan(at.fileName, entry.replacementSpan.start, entry.replacementSpan.length) : undefined;
      entries.push({
        name: entry.name,
        kind: entry.kind,
        kindModifiers: entry.kindModifiers,
        sortText: entry.sortText,
        insertText: entry.insertText,
        isSnippet: entry.isSnippet === true,
        replacement: replacement && replacement.cell === cell ? { start: replacement.start, length: replacement.length } : undefined,
        source: entry.source,
        data: entry.data,
      });
    }
    return { entries, isMember: result.isMemberCompletion };
  }

  completionDetails(cell: number, offset: number, completion: Pick<Completion, 'name' | 'source' | 'data'>): { detail: string; documentation: string } | undefined {
    const at = this.program.toVirtual({ cell, offset });
    if (!at) return undefined;
    const details = this.service.getCompletionEntryDetails(at.fileName, at.pos, completion.name, {}, completion.source, PREFERENCES, completion.data);
    if (!details) return undefined;
    return { detail: withoutGeneratedNames(ts.displayPartsToString(details.displayParts)), documentation: documentationText(details.documentation, details.tags) };
  }

  quickInfo(cell: number, offset: number): QuickInfo | undefined {
    const at = this.program.toVirtual({ cell, offset });
    if (!at) return undefined;
    const info = this.service.getQuickInfoAtPosition(at.fileName, at.pos);
    if (!info) return undefined;
    const span = this.program.toCellSpan(at.fileName, info.textSpan.start, info.textSpan.length);
    return {
      signature: withoutGeneratedNames(ts.displayPartsToString(info.displayParts)),
      documentation: documentationText(info.documentation, info.tags),
      start: span?.cell === cell ? span.start : offset,
      length: span?.cell === cell ? span.length : 0,
    };
  }

  signatureHelp(cell: number, offset: number, triggerCharacter?: ts.SignatureHelpTriggerCharacter): SignatureHelp | undefined {
    const at = this.program.toVirtual({ cell, offset });
    if (!at) return undefined;
    const help = this.service.getSignatureHelpItems(at.fileName, at.pos, triggerCharacter ? { triggerReason: { kind: 'characterTyped', triggerCharacter } } : {});
    if (!help) return undefined;
    return {
      activeSignature: help.selectedItemIndex,
      activeParameter: help.argumentIndex,
      signatures: help.items.map((item) => {
        let label = ts.displayPartsToString(item.prefixDisplayParts);
        const parameters = item.parameters.map((parameter, index) => {
          if (index > 0) label += ts.displayPartsToString(item.separatorDisplayParts);
          const start = label.length;
          label += ts.displayPartsToString(parameter.displayParts);
          return { label: [start, label.length] as [number, number], documentation: ts.displayPartsToString(parameter.documentation) };
        });
        label += ts.displayPartsToString(item.suffixDisplayParts);
        return { label: withoutGeneratedNames(label), documentation: documentationText(item.documentation, item.tags), parameters };
      }),
    };
  }

  definitions(cell: number, offset: number): Location[] {
    const at = this.program.toVirtual({ cell, offset });
    if (!at) return [];
    const definitions = this.service.getDefinitionAtPosition(at.fileName, at.pos) ?? [];
    return this.locations(definitions);
  }

  references(cell: number, offset: number): Location[] {
    const at = this.program.toVirtual({ cell, offset }, 'rename');
    if (!at) return [];
    const references = this.service.getReferencesAtPosition(at.fileName, at.pos) ?? [];
    return this.locations(references);
  }

  rename(cell: number, offset: number, newName: string): RenameResult {
    const at = this.program.toVirtual({ cell, offset }, 'rename');
    if (!at) return { ok: false, reason: 'Nothing to rename here.' };
    const info = this.service.getRenameInfo(at.fileName, at.pos, PREFERENCES);
    if (!info.canRename) return { ok: false, reason: info.localizedErrorMessage };
    const places = this.service.findRenameLocations(at.fileName, at.pos, false, false, PREFERENCES) ?? [];
    const edits: Array<{ cell: number; start: number; length: number; text: string }> = [];
    for (const place of places) {
      if (!this.program.isVirtual(place.fileName)) return { ok: false, reason: `'${info.displayName}' is declared outside the notebook (${place.fileName}); rename it there.` };
      const span = this.program.toCellSpan(place.fileName, place.textSpan.start, place.textSpan.length);
      if (!span) continue; // the generated `export { … }` of an imports file
      if (edits.some((e) => e.cell === span.cell && e.start === span.start)) continue;
      edits.push({ ...span, text: `${place.prefixText ?? ''}${newName}${place.suffixText ?? ''}` });
    }
    return { ok: true, edits };
  }

  /**
   * Type errors of every cell, or of the cells listed in `cells`; `syntax` adds the parser's errors
   * (VS Code's own TypeScript support reports those). Each cell is checked on its own, so a caller
   * can ask cell by cell and yield in between.
   */
  diagnostics(options: { syntax?: boolean; cells?: readonly number[] } = {}): CellDiagnostic[] {
    const found: CellDiagnostic[] = [];
    const fileNames = options.cells ? options.cells.flatMap((cell) => this.program.filesOf(cell)) : this.program.files.map((f) => f.fileName);
    for (const fileName of fileNames) {
      const all = [...(options.syntax ? this.service.getSyntacticDiagnostics(fileName) : []), ...this.service.getSemanticDiagnostics(fileName)];
      for (const diagnostic of all) {
        if (IGNORED_DIAGNOSTICS.has(diagnostic.code) || diagnostic.start === undefined) continue;
        if (TOP_LEVEL_AWAIT_DIAGNOSTICS.has(diagnostic.code) && this.atCellTopLevel(fileName, diagnostic.start)) continue;
        const span = this.program.toCellSpan(fileName, diagnostic.start, diagnostic.length ?? 0);
        if (!span) continue;
        found.push({
          ...span,
          message: withoutGeneratedNames(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
          code: diagnostic.code,
          category: (['warning', 'error', 'suggestion', 'message'] as const)[diagnostic.category],
        });
      }
    }
    return found.sort((a, b) => a.cell - b.cell || a.start - b.start);
  }

  /** The text of a file a Location may name (a shipped declaration file, or one on disk). */
  readFile(path: string): string | undefined {
    return this.types.contains(path) ? this.types.readFile(path) : this.fileSystem.readFile(path);
  }

  dispose(): void {
    this.service.dispose();
  }

  /** Whether a position is outside every function (and class static block) of its cell. */
  private atCellTopLevel(fileName: string, pos: number): boolean {
    const file = this.service.getProgram()?.getSourceFile(fileName);
    if (!file) return false;
    let node: ts.Node | undefined = findInnermost(file, pos);
    for (; node && !ts.isSourceFile(node); node = node.parent) {
      if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return false;
      if (ts.isModuleDeclaration(node)) return true;
    }
    return true;
  }

  private locations(spans: readonly ts.DocumentSpan[]): Location[] {
    const found: Location[] = [];
    for (const span of spans) {
      if (this.program.isVirtual(span.fileName)) {
        const inCell = this.program.toCellSpan(span.fileName, span.textSpan.start, span.textSpan.length);
        if (inCell && !found.some((f) => f.kind === 'cell' && f.cell === inCell.cell && f.start === inCell.start)) found.push({ kind: 'cell', ...inCell });
        continue;
      }
      if (span.fileName === this.types.globalsFile) continue;
      const file = this.service.getProgram()?.getSourceFile(span.fileName);
      const { line, character } = file ? file.getLineAndCharacterOfPosition(span.textSpan.start) : { line: 0, character: 0 };
      found.push({ kind: 'file', path: span.fileName, bundled: this.types.contains(span.fileName), start: span.textSpan.start, length: span.textSpan.length, line, character });
    }
    return found;
  }

  private setFiles(): void {
    let changed = false;
    const live = new Set<string>();
    for (const file of this.program.files) {
      live.add(file.fileName);
      const known = this.versions.get(file.fileName);
      if (known?.text === file.text) continue;
      this.versions.set(file.fileName, { text: file.text, version: ++lastVersion });
      changed = true;
    }
    for (const fileName of [...this.versions.keys()]) {
      if (live.has(fileName)) continue;
      this.versions.delete(fileName);
      changed = true;
    }
    if (changed) this.projectVersion++;
  }

  private readAny(path: string): string | undefined {
    return this.versions.get(path)?.text ?? (this.types.contains(path) ? this.types.readFile(path) : this.fileSystem.readFile(path));
  }

  /** The host; `getModuleResolutionCache` is read by the language service though its public type omits it. */
  private host(): ts.LanguageServiceHost & { getModuleResolutionCache(): ts.ModuleResolutionCache } {
    const types = this.types;
    const fs = this.fileSystem;
    const resolutionHost: ts.ModuleResolutionHost = {
      fileExists: (path) => this.versions.has(path) || (types.contains(path) ? types.fileExists(path) : fs.fileExists(path)),
      readFile: (path) => this.readAny(path),
      directoryExists: (path) =>
        types.contains(path) ? types.directoryExists(path) : path.replace(/\/+$/, '') === this.dir.replace(/\/+$/, '') || (fs.directoryExists?.(path) ?? true),
      getDirectories: (path) => (types.contains(path) ? types.getDirectories(path) : (fs.getDirectories?.(path) ?? [])),
      realpath: (path) => (types.contains(path) ? path : (fs.realpath?.(path) ?? path)),
    };
    const fromBundle = (name: string, containingFile: string) =>
      ts.resolveModuleName(name, types.contains(containingFile) ? containingFile : `${types.root}/index.ts`, this.options, resolutionHost, this.bundledCache);
    return {
      ...resolutionHost,
      getProjectVersion: () => String(this.projectVersion),
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [...this.versions.keys(), types.globalsFile],
      getScriptVersion: (fileName) => String(this.versions.get(fileName)?.version ?? 0),
      getScriptSnapshot: (fileName) => {
        const text = this.readAny(fileName);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => this.dir,
      getModuleResolutionCache: () => this.resolutionCache,
      getDefaultLibFileName: () => `${types.libDir}/lib.d.ts`,
      useCaseSensitiveFileNames: () => true,
      resolveModuleNameLiterals: (literals, containingFile, _redirected, options) =>
        literals.map((literal) => {
          const name = literal.text;
          if (types.contains(containingFile) || KERNEL_MODULES.has(name)) return fromBundle(name, containingFile);
          const local = ts.resolveModuleName(name, containingFile, options, resolutionHost, this.resolutionCache);
          return local.resolvedModule ? local : fromBundle(name, containingFile);
        }),
    };
  }
}

function findInnermost(node: ts.Node, pos: number): ts.Node {
  const child = node.forEachChild((c) => (c.pos <= pos && pos < c.end ? c : undefined));
  return child ? findInnermost(child, pos) : node;
}

function documentationText(documentation: readonly ts.SymbolDisplayPart[] | undefined, tags: readonly ts.JSDocTagInfo[] | undefined): string {
  const text = ts.displayPartsToString(documentation && [...documentation]);
  const tagText = (tags ?? []).map((tag) => `*@${tag.name}*${tag.text ? ` — ${ts.displayPartsToString(tag.text)}` : ''}`);
  return [text, ...tagText].filter((part) => part.length > 0).join('\n\n');
}
