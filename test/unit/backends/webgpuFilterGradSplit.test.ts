// How the webgpu filter gradient (lib/backends/webgpu/conv2dBackpropFilter.ts) cuts its rows:
// every row in exactly one chunk, no empty chunk, about TARGET_INVOCATIONS invocations in the first
// pass, one pass for filters that fill the GPU alone. The kernel's values: test/gpu/webgpuParity.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitRows, TARGET_INVOCATIONS } from '../../../lib/backends/webgpu/conv2dBackpropFilter';

test('rows are cut into chunks that cover each row once, sized to about TARGET_INVOCATIONS invocations', () => {
  for (const [rows, filterSize] of [[768, 200], [13, 45], [1, 7], [4096, 288], [100_000, 3], [7, 100_000], [65_537, 1]]) {
    const { splits, chunk } = splitRows(rows!, filterSize!);
    assert.ok(splits >= 1 && chunk >= 1, `${rows} rows, ${filterSize} values: splits ${splits}, chunk ${chunk}`);
    assert.ok((splits - 1) * chunk < rows! && rows! <= splits * chunk, `${rows} rows in ${splits} chunks of ${chunk}: a row is missed or a chunk is empty`);
    if (filterSize! >= TARGET_INVOCATIONS) assert.equal(splits, 1, 'a filter that fills the GPU alone runs in one pass');
    else assert.ok(splits * filterSize! <= 2 * TARGET_INVOCATIONS, `${splits * filterSize!} invocations for ${rows}x${filterSize}`);
  }
  assert.deepEqual(splitRows(768, 200), { splits: 256, chunk: 3 }, "chapter 07's first layer at batch 32");
});
