// The declaration files shipped in dist/intellisense-types.json (built by scripts/intellisenseTypes.mjs),
// served as a read-only file system under a root path that exists nowhere on disk, so that the
// notebook program finds tfjs, `tlnb`, Node's types and TypeScript's libs without node_modules.

import { isRecord } from '../../common/guards';
import { readFileSync } from 'node:fs';

export const CELL_GLOBALS_FILE = 'tlnb-cell-globals.d.ts';

/** The globals the kernel gives every cell besides Node's (kernel/cellGlobals.ts). */
const CELL_GLOBALS = "declare var display: typeof import('tlnb').display;\n";

export class TypesBundle {
  private readonly files = new Map<string, string>();
  private readonly directories = new Set<string>();

  /** `root`: an absolute path with forward slashes under which the bundle's files appear. */
  constructor(
    readonly root: string,
    entries: Record<string, string>,
  ) {
    for (const [path, text] of Object.entries(entries)) this.add(`${root}/${path}`, text);
    this.add(`${root}/${CELL_GLOBALS_FILE}`, CELL_GLOBALS);
  }

  static read(jsonPath: string, root: string): TypesBundle {
    const parsed: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
    if (!isRecord(parsed) || !isRecord(parsed.files)) throw new Error(`${jsonPath} is not a tlnb types bundle (no "files"); rebuild with npm run build`);
    return new TypesBundle(root, Object.fromEntries(Object.entries(parsed.files).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
  }

  get globalsFile(): string {
    return `${this.root}/${CELL_GLOBALS_FILE}`;
  }

  get libDir(): string {
    return `${this.root}/lib`;
  }

  contains(path: string): boolean {
    return path === this.root || path.startsWith(`${this.root}/`);
  }

  readFile(path: string): string | undefined {
    return this.files.get(path);
  }

  fileExists(path: string): boolean {
    return this.files.has(path);
  }

  directoryExists(path: string): boolean {
    return this.directories.has(path.replace(/\/+$/, ''));
  }

  getDirectories(path: string): string[] {
    const prefix = `${path.replace(/\/+$/, '')}/`;
    const names = new Set<string>();
    for (const directory of this.directories) if (directory.startsWith(prefix)) names.add(directory.slice(prefix.length).split('/')[0]!);
    return [...names];
  }

  private add(path: string, text: string): void {
    this.files.set(path, text);
    for (let dir = path.slice(0, path.lastIndexOf('/')); dir.length >= this.root.length; dir = dir.slice(0, dir.lastIndexOf('/'))) {
      if (this.directories.has(dir)) break;
      this.directories.add(dir);
    }
  }
}
