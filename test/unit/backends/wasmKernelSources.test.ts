// The WebAssembly the kernel loads (lib/backends/wasm/simd/*.generated.ts) is exactly what
// the .wat sources next to it assemble to: editing a source without regenerating fails here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generatedModule, generatedPath, sources } from '../../../scripts/wasm-kernels.mjs';

test('every hand-written wasm kernel is assembled from its current source', async () => {
  const wats = sources();
  assert.ok(wats.length >= 2, `found ${wats.length} .wat sources`);
  for (const wat of wats) {
    const expected = await generatedModule(wat);
    assert.equal(readFileSync(generatedPath(wat), 'utf8'), expected, `${generatedPath(wat)} is stale: run npm run build:wasm-kernels`);
  }
});
