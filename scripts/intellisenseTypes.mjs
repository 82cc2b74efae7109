// Builds dist/intellisense-types.json: every declaration file the editor's notebook program can
// need, since an installed extension has no node_modules (extension/intellisense/typesBundle.ts).
//   - `tlnb`: declarations emitted from lib/declarations.ts and the kernel files it reaches;
//   - @tensorflow/tfjs (the version the kernel ships) and the packages its types import;
//   - @types/node, and TypeScript's own lib files.
// Only the files a program importing all of these actually loads are kept (measured by a real
// TypeScript program), with trimmed package.json files for module resolution.
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const TLNB_ENTRY = join(ROOT, 'lib/declarations.ts');
/** Where the tlnb declarations sit in the bundle, as if the package were installed. */
const TLNB_PACKAGE = join(ROOT, 'node_modules/tlnb');
/** node_modules as TypeScript names its files (a git worktree may link it to another checkout's). */
const NODE_MODULES = join(ROOT, 'node_modules');
const NODE_MODULES_REAL = realpathSync(NODE_MODULES);
const underRoot = (path) => (path.startsWith(NODE_MODULES_REAL + sep) ? join(NODE_MODULES, relative(NODE_MODULES_REAL, path)) : path);
const LIB_DIR = underRoot(dirname(require.resolve('typescript/lib/lib.d.ts')));

/** The options the editor uses (extension/intellisense/compilerOptions.ts holds the same lib list). */
const LIBS = ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'];

function emitTlnbDeclarations() {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: ROOT,
    outDir: TLNB_PACKAGE,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
  };
  const program = ts.createProgram([TLNB_ENTRY], options);
  const files = new Map();
  const result = program.emit(undefined, (fileName, text) => files.set(resolve(fileName), text), undefined, true);
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(`declarations of 'tlnb' failed:\n${ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' })}`);
  const entry = join(TLNB_PACKAGE, relative(ROOT, TLNB_ENTRY)).replace(/\.ts$/, '.d.ts');
  files.set(join(TLNB_PACKAGE, 'package.json'), JSON.stringify({ name: 'tlnb', types: relative(TLNB_PACKAGE, entry).split(sep).join('/') }));
  return files;
}

/** The files a program that imports tfjs and tlnb, with Node's types, reads; paths relative to ROOT. */
function reachableFiles(tlnbFiles) {
  const probe = join(ROOT, '__probe.ts');
  const probeText = "import * as tf from '@tensorflow/tfjs';\nimport * as tlnb from 'tlnb';\nimport * as core from '@tensorflow/tfjs-core';\nimport * as layers from '@tensorflow/tfjs-layers';\nimport * as tfdata from '@tensorflow/tfjs-data';\nexport { tf, tlnb, core, layers, tfdata };\n";
  // preserveSymlinks: a node_modules that is a link (a git worktree sharing one) keeps its paths under ROOT.
  const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, preserveSymlinks: true, lib: LIBS, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const read = (f) => (f === probe ? probeText : tlnbFiles.get(resolve(f)) ?? ts.sys.readFile(f));
  host.readFile = read;
  host.fileExists = (f) => f === probe || tlnbFiles.has(resolve(f)) || ts.sys.fileExists(f);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (f, language, onError) => {
    const text = f === probe || tlnbFiles.has(resolve(f)) ? read(f) : undefined;
    return text !== undefined ? ts.createSourceFile(f, text, language) : getSourceFile(f, language, onError);
  };
  host.directoryExists = (d) => ts.sys.directoryExists(d) || [...tlnbFiles.keys()].some((f) => f.startsWith(resolve(d) + sep));
  const program = ts.createProgram([probe], options, host);
  const unresolved = program.getSemanticDiagnostics(program.getSourceFile(probe));
  if (unresolved.length > 0) throw new Error(`the types probe has errors: ${unresolved.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);
  const files = new Map();
  for (const file of program.getSourceFiles()) {
    if (file.fileName === probe) continue;
    const path = underRoot(resolve(file.fileName));
    files.set(path, tlnbFiles.get(path) ?? file.text);
  }
  files.set(join(TLNB_PACKAGE, 'package.json'), tlnbFiles.get(join(TLNB_PACKAGE, 'package.json')));
  // package.json of each package a file came from, trimmed to what module resolution reads.
  for (const path of [...files.keys()]) {
    for (let dir = dirname(path); dir.startsWith(join(ROOT, 'node_modules')) && dir !== join(ROOT, 'node_modules'); dir = dirname(dir)) {
      const manifest = join(dir, 'package.json');
      if (files.has(manifest)) break;
      if (existsSync(manifest)) {
        const { name, version, types, typings, main, module, exports, typesVersions } = JSON.parse(readFileSync(manifest, 'utf8'));
        files.set(manifest, JSON.stringify({ name, version, types, typings, main, module, exports, typesVersions }));
        break;
      }
    }
  }
  return files;
}

/** Writes dist/intellisense-types.json unless it is newer than every input; returns its size. */
export function writeIntellisenseTypes(outdir) {
  const out = join(outdir, 'intellisense-types.json');
  const inputs = [TLNB_ENTRY, join(ROOT, 'kernel'), join(ROOT, 'common'), join(ROOT, 'package-lock.json'), new URL(import.meta.url).pathname];
  if (existsSync(out) && inputs.every((input) => newestMtime(input) < statSync(out).mtimeMs)) return { out, bytes: statSync(out).size, written: false };
  const files = reachableFiles(emitTlnbDeclarations());
  const bundle = { typescript: ts.version, files: {} };
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const key = path.startsWith(LIB_DIR + sep) ? `lib/${relative(LIB_DIR, path)}` : relative(ROOT, path).split(sep).join('/');
    if (!key.startsWith('lib/') && !key.startsWith('node_modules/')) throw new Error(`the types bundle reached a file outside node_modules: ${path}`);
    bundle.files[key] = text;
  }
  mkdirSync(outdir, { recursive: true });
  writeFileSync(out, JSON.stringify(bundle));
  return { out, bytes: statSync(out).size, files: files.size, written: true };
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of ts.sys.readDirectory(path, ['.ts'])) newest = Math.max(newest, statSync(entry).mtimeMs);
  return newest;
}
