// Reading files that come from a user's folders (data, images, model weights) without being led
// astray by them: only regular files (a device such as /dev/zero or a named pipe would grow memory
// or block forever), never more bytes than the caller allows (checked on the size before reading),
// and, where a folder bounds what may be read, only paths that stay inside it after following links.

import { errorCode, errorMessage } from '../common/guards';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

export class InputFileError extends Error {
  constructor(
    readonly path: string,
    /** Why the file cannot be read, without the path: "is a device, not a regular file". */
    readonly problem: string,
    readonly kind: 'missing' | 'not-a-file' | 'too-large' | 'unreadable',
    /** Set for 'too-large': the file's size. */
    readonly size?: number,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'InputFileError';
  }
}

/** Whether `path` is `folder` or inside it (both absolute, links already resolved). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${process.platform === 'win32' ? '\\' : '/'}`) && !isAbsolute(rel));
}

/** The path with every link resolved, or undefined when it does not exist. */
export function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `path` for reading if it is a regular file (the open never blocks, even on a pipe), and
 * returns its descriptor and size. The caller closes it.
 */
export function openRegularFile(path: string, options: { noFollow?: boolean } = {}): { fd: number; size: number } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer, forever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw new InputFileError(path, 'no such file', 'missing');
    if (code === 'ELOOP') throw new InputFileError(path, 'became a link while being read', 'not-a-file');
    throw new InputFileError(path, `cannot read the file: ${errorMessage(error)}`, 'unreadable');
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new InputFileError(path, `is ${kindOf(stats)}, not a regular file`, 'not-a-file');
  }
  return { fd, size: stats.size };
}

/** Reads `length` bytes from `position` of an open file into `target` at `offset`; returns how many were read. */
export function readFully(fd: number, target: Uint8Array, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, target, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * The bytes of a regular file of at most `maxBytes` (its size is checked before anything is read).
 * `tooLarge(size)` words the refusal of a larger file.
 */
export function readRegularFile(path: string, maxBytes: number, tooLarge: (size: number) => string): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    if (size > maxBytes) throw new InputFileError(path, tooLarge(size), 'too-large', size);
    const bytes = Buffer.allocUnsafe(size);
    const read = readFully(fd, bytes, 0, size, 0);
    return read === size ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
