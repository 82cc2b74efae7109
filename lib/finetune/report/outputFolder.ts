// Where results go: always a new folder next to the data, never the base model's, written under
// a temporary name and renamed at the end so that no half-written result is ever visible.

import { existsSync, lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, isAbsolute } from 'node:path';
import { FinetuneError } from '../errors';

/** `<data>-finetuned-<n>` beside the data, with the first n that is free ("digits.csv" → "digits-finetuned-1"). */
export function nextOutputFolder(dataPath: string, exists: (path: string) => boolean = existsSync): string {
  const absolute = resolve(dataPath);
  const extension = extname(absolute);
  const stem = extension === '' || extension.length > 6 ? absolute : absolute.slice(0, -extension.length);
  for (let n = 1; ; n++) {
    const candidate = `${stem}-finetuned-${n}`;
    if (!exists(candidate)) return candidate;
  }
}

const inside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Refuses an output folder that exists or lies in the base model's folder. */
/** Whether anything is at `path`, a link included even when it leads nowhere (existsSync follows links). */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function checkOutputFolder(out: string, baseModelFolder: string | undefined, exists: (path: string) => boolean = entryExists): void {
  const path = resolve(out);
  if (baseModelFolder && inside(resolve(baseModelFolder), path)) {
    throw new FinetuneError('output-folder', 'the output folder is the base model\'s folder or inside it; the base model is never overwritten', 'leave --out away (a new folder next to the data is chosen), or name a folder elsewhere', path);
  }
  if (exists(path)) {
    throw new FinetuneError('output-folder', `the output folder already exists${exists === entryExists && lstatSync(path).isSymbolicLink() ? ' (as a link)' : ''}; results are only written to a new folder, so nothing is overwritten`, 'name a folder that does not exist yet, or leave --out away to get a new one next to the data', path);
  }
}

/**
 * Runs `write` on a temporary sibling folder, then renames it to `out`. If `write` throws (or the
 * process is cancelled before the rename) no `out` exists, and the temporary folder is removed.
 */
export async function writeFolderAtomically(out: string, write: (folder: string) => Promise<void>): Promise<void> {
  const final = resolve(out);
  const temporary = join(dirname(final), `.${basename(final)}.partial-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  try {
    await write(temporary);
    renameSync(temporary, final);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}
