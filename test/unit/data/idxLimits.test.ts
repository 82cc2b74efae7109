// Hostile IDX files (issue 12, item 2): a header that declares more than the memory budget, a gzip
// stream that inflates past what its header declares (a decompression bomb), a file that is not a
// regular file. Each is refused from its header, before the values are read or decompressed.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readIdxFile, startsLikeIdx } from '../../../lib/data/idx';

const dir = mkdtempSync(join(tmpdir(), 'tlnb-idx-limits-'));

/** An IDX uint8 header declaring `dims`, followed by `body` bytes (whatever the header says). */
function header(dims: number[]): Buffer {
  const bytes = Buffer.alloc(4 + 4 * dims.length);
  bytes[2] = 0x08;
  bytes[3] = dims.length;
  dims.forEach((d, i) => bytes.writeUInt32BE(d, 4 + 4 * i));
  return bytes;
}

test('a gzip IDX whose stream inflates past what its header declares is stopped at the declared size', () => {
  // Concatenated gzip members inflate as one stream: 4 × 16 MB of zeros from a file of ~64 kB.
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
  const path = join(dir, 'bomb.gz');
  writeFileSync(path, Buffer.concat([gzipSync(header([10, 28, 28])), member, member, member, member]));
  const before = process.memoryUsage().arrayBuffers;
  assert.throws(() => readIdxFile(path), /bomb\.gz: corrupt IDX file: it decompresses to more than the 7856 bytes its header declares \(dimensions \[10, 28, 28\] of uint8\); decompression stopped there/);
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024);
});

test('an IDX header that declares more than the memory budget is refused before decompressing', () => {
  const path = join(dir, 'huge.gz');
  writeFileSync(path, gzipSync(Buffer.concat([header([400_000, 28, 28]), Buffer.alloc(1000)])));
  assert.throws(() => readIdxFile(path), /huge\.gz: the IDX header declares dimensions \[400000, 28, 28\] of uint8: 314 MB, more than the memory budget of 256 MiB \(TLNB_MEMORY_BUDGET_MB\); nothing was decoded/);
  process.env.TLNB_MEMORY_BUDGET_MB = '400';
  try {
    assert.throws(() => readIdxFile(path), /truncated IDX file: dimensions \[400000, 28, 28\] of uint8 need 313600016 bytes, but the file has 1016/);
  } finally {
    delete process.env.TLNB_MEMORY_BUDGET_MB;
  }
});

test('a plain IDX file larger than the budget is refused from its header, without reading it', () => {
  const path = join(dir, 'sparse-idx');
  const dims = [3_000_000, 28, 28];
  writeFileSync(path, header(dims));
  truncateSync(path, 16 + 3_000_000 * 784); // 2.35 GB that take no disk
  const before = process.memoryUsage().rss;
  assert.throws(() => readIdxFile(path), /sparse-idx: the IDX header declares dimensions \[3000000, 28, 28\] of uint8: 2\.4 GB, more than the memory budget of 256 MiB/);
  assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
});

test('devices and pipes are not read as IDX files', () => {
  symlinkSync('/dev/zero', join(dir, 'zero-idx'));
  assert.throws(() => readIdxFile(join(dir, 'zero-idx')), /zero-idx: cannot read the file: is a device, not a regular file/);
  execFileSync('mkfifo', [join(dir, 'pipe-idx')]);
  assert.throws(() => readIdxFile(join(dir, 'pipe-idx')), /pipe-idx: cannot read the file: is a named pipe, not a regular file/);
  assert.equal(startsLikeIdx(join(dir, 'pipe-idx')), false);
});

test('a gzip-compressed IDX file is recognised as IDX from its first bytes', () => {
  const path = join(dir, 'images-idx3-ubyte.gz');
  writeFileSync(path, gzipSync(Buffer.concat([header([2, 2, 2]), Buffer.alloc(8)])));
  assert.equal(startsLikeIdx(path), true);
  writeFileSync(join(dir, 'text.gz'), gzipSync(Buffer.from('hello, world')));
  assert.equal(startsLikeIdx(join(dir, 'text.gz')), false);
});
