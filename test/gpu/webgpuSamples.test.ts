// Every sample notebook runs top to bottom on the webgpu rung (`tlnb run --backend webgpu`), each
// chapter's claim cell passing: on SwiftShader here and in CI (webgpuEnv.ts), on the machine's GPU
// under npm run check:gpu. The run must really be on webgpu: tlnb run prints the active backend.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseNotebook } from '../../common/format';
import { runSampleCopy, sampleFiles } from '../../scripts/samples/runSample.mjs';
import { ensureBuilt } from '../unit/kernel/kernelHarness';
import { gpuTestEnv, gpuUnavailable } from './webgpuEnv';

const skip = gpuUnavailable();
if (skip === undefined) ensureBuilt();
let total = 0;

for (const file of sampleFiles()) {
  test(`${file} runs on the webgpu rung and its claims hold`, { skip, timeout: 20 * 60_000 }, async (t) => {
    const run = await runSampleCopy(file, { backend: 'webgpu', env: gpuTestEnv() });
    try {
      total += run.seconds;
      t.diagnostic(`${file} on webgpu: ${run.seconds.toFixed(1)} s (all so far: ${(total / 60).toFixed(1)} min)`);
      assert.equal(run.status, 0, `tlnb run --backend webgpu exited with ${run.status}:\n${run.output.slice(-4000)}`);
      assert.match(run.output, /^backend: webgpu/m, 'the run was not on the webgpu rung');
      const codeCells = parseNotebook(readFileSync(run.copy, 'utf8')).cells.filter((cell) => cell.kind === 'code');
      codeCells.forEach((cell, i) => assert.equal(cell.execution?.success, true, `code cell ${i + 1} of ${file} did not succeed on webgpu`));
      assert.ok(codeCells.at(-1)!.outputs.length > 0, `the check cell of ${file} shows nothing`);
    } finally {
      run.remove();
    }
  });
}
