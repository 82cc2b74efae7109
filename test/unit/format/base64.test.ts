// common/base64.ts against Node's Buffer, which wrote every base64 item saved before it existed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64ToBytes, bytesToBase64 } from '../../../common/base64';

test('base64 matches Buffer both ways for every length remainder and all byte values', () => {
  for (const length of [0, 1, 2, 3, 4, 5, 255, 256, 257, 10_000, 100_001]) {
    const bytes = new Uint8Array(length).map((_, i) => (i * 131 + length) & 255);
    const text = Buffer.from(bytes).toString('base64');
    assert.equal(bytesToBase64(bytes), text, `encode, ${length} bytes`);
    assert.deepEqual(Buffer.from(base64ToBytes(text)), Buffer.from(bytes), `decode, ${length} bytes`);
  }
  assert.deepEqual([...base64ToBytes('aGk=\n')], [104, 105]);
  assert.throws(() => base64ToBytes('aG*k'), /not base64: character "\*" at offset 2/);
});
