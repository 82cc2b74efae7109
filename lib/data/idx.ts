// The IDX file format (MNIST's format): two zero bytes, a type byte, a dimension count, the
// dimensions as big-endian uint32, then the values big-endian in row-major order.
// Pure decoding and encoding here; reading from disk is one small function at the end.

import { errorCode, errorMessage } from '../../common/guards';
import { closeSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { InputFileError, openRegularFile, readFully } from '../inputFiles';
import { RAISE_BUDGET, budgetText, formatBytes, memoryBudgetBytes } from '../inputLimits';

export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export interface IdxArray {
  type: IdxType;
  dims: number[];
  /** Values in row-major order, in native byte order. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPE_CODES: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: 'uint8', bytes: 1 },
  0x09: { type: 'int8', bytes: 1 },
  0x0b: { type: 'int16', bytes: 2 },
  0x0c: { type: 'int32', bytes: 4 },
  0x0d: { type: 'float32', bytes: 4 },
  0x0e: { type: 'float64', bytes: 8 },
};
/** The IDX type code of `type` (the inverse of TYPE_CODES). */
function codeOf(type: IdxType): number {
  const entry = Object.entries(TYPE_CODES).find(([, t]) => t.type === type);
  if (!entry) throw new Error(`tlnb: IDX has no type code for ${type}`);
  return Number(entry[0]);
}

export class IdxError extends Error {
  constructor(
    /** The file (or other source) the bytes came from, so that the message says which one is broken. */
    readonly source: string,
    problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = 'IdxError';
  }
}

/** Decodes the bytes of an IDX file. `source` names the file in error messages. */
export function decodeIdx(bytes: Uint8Array, source: string): IdxArray {
  const fail = (problem: string): never => {
    throw new IdxError(source, problem);
  };
  if (bytes.length < 4) fail(`truncated IDX file: ${bytes.length} bytes, but the header alone needs 4`);
  const header = decodeIdxHeader(bytes, source);
  if (header === undefined) fail(`truncated IDX file: ${bytes.length} bytes, but a ${bytes[3]}-dimensional header needs ${4 + 4 * bytes[3]!}`);
  const { type, dims, headerBytes, fileBytes: expected } = header!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    fail(
      `truncated IDX file: dimensions [${dims.join(', ')}] of ${type} need ${expected} bytes, but the file has ${bytes.length}` +
        ' (an interrupted download or copy? reinstall the package that ships it)',
    );
  }
  if (bytes.length > expected) {
    fail(`corrupt IDX file: dimensions [${dims.join(', ')}] of ${type} need ${expected} bytes, but the file has ${bytes.length}`);
  }
  return { type, dims, data: readValues(view, headerBytes, count, type) };
}

function readValues(view: DataView, offset: number, count: number, type: IdxType): IdxArray['data'] {
  switch (type) {
    case 'uint8':
      // One byte per value: no byte order to fix, so share the bytes instead of copying 47 MB.
      return new Uint8Array(view.buffer, view.byteOffset + offset, count);
    case 'int8':
      return new Int8Array(view.buffer, view.byteOffset + offset, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Encodes values as an IDX file (for writing your own data in MNIST's format). */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { type, dims, data } = array;
  const count = dims.reduce((a, b) => a * b, 1);
  if (dims.length === 0 || dims.length > 255) throw new RangeError(`an IDX file has 1 to 255 dimensions, not ${dims.length}`);
  if (data.length !== count) {
    throw new RangeError(`dimensions [${dims.join(', ')}] hold ${count} values, but ${data.length} were given`);
  }
  const bytes = TYPE_CODES[codeOf(type)]!.bytes;
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count * bytes);
  const view = new DataView(out.buffer);
  out[2] = codeOf(type);
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) {
    const at = header + i * bytes;
    const v = data[i]!;
    if (type === 'uint8') view.setUint8(at, v);
    else if (type === 'int8') view.setInt8(at, v);
    else if (type === 'int16') view.setInt16(at, v, false);
    else if (type === 'int32') view.setInt32(at, v, false);
    else if (type === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}

/** What an IDX header declares, read before any value. */
export interface IdxHeader {
  type: IdxType;
  dims: number[];
  /** Bytes of the header itself. */
  headerBytes: number;
  /** Bytes the whole (uncompressed) file must have: header + values. */
  fileBytes: number;
}

/**
 * The header at the start of `bytes`, or undefined when `bytes` ends before the header does.
 * A header that is not IDX throws IdxError.
 */
export function decodeIdxHeader(bytes: Uint8Array, source: string): IdxHeader | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    // The bytes themselves are not shown: the file may be anything (a link to a private file).
    throw new IdxError(source, isGzip(bytes) ? 'not an IDX file: it starts like a gzip-compressed file, not with 00 00 (is it still gzip-compressed?)' : 'not an IDX file: it does not start with 00 00 as IDX files do');
  }
  const kind = TYPE_CODES[bytes[2]!];
  if (!kind) throw new IdxError(source, `unknown IDX data type ${hex(bytes[2]!)}; expected one of ${Object.keys(TYPE_CODES).map((c) => hex(Number(c))).join(', ')}`);
  const rank = bytes[3]!;
  if (rank === 0) throw new IdxError(source, 'the IDX header declares 0 dimensions');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { type: kind.type, dims, headerBytes, fileBytes: headerBytes + dims.reduce((a, b) => a * b, 1) * kind.bytes };
}

export interface IdxReadLimits {
  /** The most bytes the file may declare (uncompressed); default the memory budget (lib/inputLimits.ts). */
  maxBytes?: number;
  /** Sees the header before any value is read or decompressed; throws to refuse the file. */
  checkHeader?(header: IdxHeader): void;
}

/**
 * Reads and decodes an IDX file, plain or gzip-compressed (MNIST's own downloads are .gz, and the
 * copy the build bundles into dist/data/ is too); errors name the file. Only a regular file is
 * read, and its header is checked first: what it declares must fit `limits.maxBytes` and agree
 * with the file's size, and a compressed file is decompressed no further than its header declares.
 */
export function readIdxFile(path: string, limits: IdxReadLimits = {}): IdxArray {
  const maxBytes = limits.maxBytes ?? memoryBudgetBytes();
  let opened: { fd: number; size: number };
  try {
    opened = openRegularFile(path);
  } catch (error) {
    throw new IdxError(path, `cannot read the file: ${error instanceof InputFileError ? error.problem : errorMessage(error)}`);
  }
  try {
    const start = new Uint8Array(Math.min(opened.size, MAX_HEADER_BYTES));
    readFully(opened.fd, start, 0, start.length, 0);
    if (isGzip(start)) return readGzipIdx(path, opened, maxBytes, limits.checkHeader);
    const header = decodeIdxHeader(start, path);
    if (header === undefined) return decodeIdx(start, path); // too short for its header: says so
    checkDeclared(header, path, maxBytes, limits.checkHeader);
    if (opened.size !== header.fileBytes) return sizeMismatch(header, opened.size, path);
    const bytes = new Uint8Array(opened.size);
    readFully(opened.fd, bytes, 0, opened.size, 0);
    return decodeIdx(bytes, path);
  } finally {
    closeSync(opened.fd);
  }
}

/** An IDX header is at most 4 + 4 × 255 bytes. */
const MAX_HEADER_BYTES = 4 + 4 * 255;

function checkDeclared(header: IdxHeader, path: string, maxBytes: number, checkHeader: IdxReadLimits['checkHeader']): void {
  if (header.fileBytes > maxBytes) {
    throw new IdxError(
      path,
      `the IDX header declares dimensions [${header.dims.join(', ')}] of ${header.type}: ${formatBytes(header.fileBytes)}, more than ${budgetText(maxBytes)}; ` +
        `nothing was decoded (${RAISE_BUDGET})`,
    );
  }
  checkHeader?.(header);
}

function sizeMismatch(header: IdxHeader, size: number, path: string): never {
  const what = `dimensions [${header.dims.join(', ')}] of ${header.type} need ${header.fileBytes} bytes, but the file has ${size}`;
  throw new IdxError(path, size < header.fileBytes ? `truncated IDX file: ${what} (an interrupted download or copy? reinstall the package that ships it)` : `corrupt IDX file: ${what}`);
}

/** A gzip-compressed IDX file: the header is decompressed first, then the rest up to what it declares. */
function readGzipIdx(path: string, opened: { fd: number; size: number }, maxBytes: number, checkHeader: IdxReadLimits['checkHeader']): IdxArray {
  if (opened.size > maxBytes) {
    throw new IdxError(path, `the compressed file is ${formatBytes(opened.size)}, more than ${budgetText(maxBytes)}; nothing was decoded (${RAISE_BUDGET})`);
  }
  const compressed = new Uint8Array(opened.size);
  readFully(opened.fd, compressed, 0, opened.size, 0);
  const broken = (error: unknown): never => {
    throw new IdxError(path, `the file is gzip-compressed but cannot be decompressed (${errorMessage(error)}); is it a complete copy?`);
  };
  // The header: a little more of the compressed stream at a time (each step inflates to at most ~2 MB).
  let header: IdxHeader | undefined;
  let prefix = new Uint8Array(0);
  for (let n = 0; header === undefined && n < compressed.length; ) {
    n = Math.min(compressed.length, n + 2048);
    try {
      prefix = new Uint8Array(gunzipSync(compressed.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 4 * 1024 * 1024 }));
    } catch (error) {
      broken(error);
    }
    header = decodeIdxHeader(prefix.subarray(0, MAX_HEADER_BYTES), path);
  }
  if (header === undefined) {
    // The whole stream holds no complete header: decompress it plainly for gzip's own error, or decodeIdx's.
    try {
      prefix = new Uint8Array(gunzipSync(compressed, { maxOutputLength: MAX_HEADER_BYTES }));
    } catch (error) {
      broken(error);
    }
    return decodeIdx(prefix, path);
  }
  checkDeclared(header, path, maxBytes, checkHeader);
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed, { maxOutputLength: Math.max(header.fileBytes, 1) });
  } catch (error) {
    if (errorCode(error) === 'ERR_BUFFER_TOO_LARGE') {
      throw new IdxError(path, `corrupt IDX file: it decompresses to more than the ${header.fileBytes} bytes its header declares (dimensions [${header.dims.join(', ')}] of ${header.type}); decompression stopped there`);
    }
    return broken(error);
  }
  if (bytes.length !== header.fileBytes) return sizeMismatch(header, bytes.length, path);
  return decodeIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/**
 * Whether a file starts like an IDX file, plain or gzip-compressed (only its first bytes are read,
 * and decompressed, to tell). False for anything that is not a regular file.
 */
export function startsLikeIdx(path: string): boolean {
  let opened: { fd: number; size: number };
  try {
    opened = openRegularFile(path);
  } catch {
    return false;
  }
  try {
    let head = new Uint8Array(Math.min(opened.size, 4096));
    readFully(opened.fd, head, 0, head.length, 0);
    if (isGzip(head)) {
      try {
        head = new Uint8Array(gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 }));
      } catch {
        return false;
      }
    }
    return head.length >= 4 && head[0] === 0 && head[1] === 0 && TYPE_CODES[head[2]!] !== undefined && head[3]! >= 1;
  } finally {
    closeSync(opened.fd);
  }
}

/** gzip's magic number, 1f 8b, which no IDX file starts with (IDX files start with 00 00). */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
