import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { IdxError, decodeIdx, encodeIdx, readIdxFile, type IdxArray } from '../../../lib/data/idx';

const dir = mkdtempSync(join(tmpdir(), 'tlnb-idx-'));

function writeIdx(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const cases: IdxArray[] = [
  { type: 'uint8', dims: [2, 3, 2], data: Uint8Array.from([0, 1, 2, 3, 254, 255, 9, 8, 7, 6, 5, 4]) },
  { type: 'int8', dims: [4], data: Int8Array.from([-128, -1, 0, 127]) },
  { type: 'int16', dims: [2, 2], data: Int16Array.from([-32768, -2, 513, 32767]) },
  { type: 'int32', dims: [3], data: Int32Array.from([-2147483648, 16909060, 2147483647]) },
  { type: 'float32', dims: [1, 3], data: Float32Array.from([-1.5, 0.25, 3.4028234663852886e38]) },
  { type: 'float64', dims: [2], data: Float64Array.from([Math.PI, -1e-300]) },
];

for (const array of cases) {
  test(`an IDX file of ${array.type} written to disk reads back with the same type, dims and values`, () => {
    const path = writeIdx(`${array.type}.idx`, encodeIdx(array));
    const back = readIdxFile(path);
    assert.equal(back.type, array.type);
    assert.deepEqual(back.dims, array.dims);
    assert.deepEqual(Array.from(back.data), Array.from(array.data));
  });
}

test('values are stored big-endian, as the IDX format (and MNIST) requires', () => {
  const bytes = encodeIdx({ type: 'int32', dims: [1], data: Int32Array.from([0x01020304]) });
  assert.deepEqual(Array.from(bytes), [0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3, 4]);
});

test('a truncated file is refused with its name, what it needs and what it has', () => {
  const whole = encodeIdx({ type: 'uint8', dims: [10, 28, 28], data: new Uint8Array(7840) });
  const path = writeIdx('truncated-images', whole.subarray(0, 5000));
  assert.throws(
    () => readIdxFile(path),
    (error: unknown) => {
      assert.ok(error instanceof IdxError);
      assert.match(error.message, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated IDX file`));
      assert.match(error.message, /\[10, 28, 28\] of uint8 need 7856 bytes, but the file has 5000/);
      return true;
    },
  );
});

test('a truncated header is refused', () => {
  assert.throws(() => decodeIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), 'short.idx'), /short\.idx: truncated IDX file: 6 bytes, but a 3-dimensional header needs 16/);
  assert.throws(() => decodeIdx(Uint8Array.from([0, 0]), 'tiny.idx'), /tiny\.idx: truncated IDX file: 2 bytes/);
});

test('a gzip-compressed IDX file reads like the plain one; damaged gzip data is an error naming the file', () => {
  const array: IdxArray = { type: 'int16', dims: [2, 2], data: Int16Array.from([-3, 7, 300, -32768]) };
  const back = readIdxFile(writeIdx('values.idx.gz', gzipSync(encodeIdx(array))));
  assert.deepEqual(back.dims, [2, 2]);
  assert.deepEqual(Array.from(back.data), Array.from(array.data));
  const path = writeIdx('images.gz', Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]));
  assert.throws(() => readIdxFile(path), /images\.gz: the file is gzip-compressed but cannot be decompressed \(.*\); is it a complete copy\?/);
});

test('decoding bytes that are still gzip-compressed says so', () => {
  assert.throws(() => decodeIdx(Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]), 'images.gz'), /images\.gz: not an IDX file: it starts like a gzip-compressed file, not with 00 00 \(is it still gzip-compressed\?\)/);
});

test('an unknown type code, zero dimensions and trailing bytes are corrupt files', () => {
  assert.throws(() => decodeIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), 'f'), /f: unknown IDX data type 0x0a/);
  assert.throws(() => decodeIdx(Uint8Array.from([0, 0, 8, 0]), 'f'), /declares 0 dimensions/);
  const extra = new Uint8Array([...encodeIdx({ type: 'uint8', dims: [2], data: Uint8Array.from([1, 2]) }), 99]);
  assert.throws(() => decodeIdx(extra, 'f'), /f: corrupt IDX file: dimensions \[2\] of uint8 need 10 bytes, but the file has 11/);
});

test('a missing file is an IdxError naming it', () => {
  const path = join(dir, 'absent');
  assert.throws(() => readIdxFile(path), (e: unknown) => e instanceof IdxError && e.message.startsWith(`${path}: cannot read the file`));
});

test('encoding refuses data that does not fill the dimensions', () => {
  assert.throws(() => encodeIdx({ type: 'uint8', dims: [2, 2], data: new Uint8Array(3) }), /dimensions \[2, 2\] hold 4 values, but 3 were given/);
});
