// Every shipped sample is saved with the outputs of a complete run, and runs headless, top to
// bottom, as shipped: `tlnb run` (the built CLI) on the default backend, in a temporary copy with
// samples/models/ beside it. A chapter's last cell is a check that throws when the chapter's claim
// does not hold, so exit status 0 means the claim held. Each notebook's wall time is printed (the
// issue's budget: 3 minutes each, 15 all together on a 2-core machine); the assertions are about
// correctness, not time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook } from '../../common/format';
import { SAMPLES_DIR, runSampleCopy, sampleFiles } from '../../scripts/samples/runSample.mjs';
import { ensureBuilt } from '../unit/kernel/kernelHarness';

ensureBuilt();
let total = 0;

for (const file of sampleFiles()) {
  test(`${file} is shipped with the outputs of a complete run (npm run samples:refresh)`, () => {
    const codeCells = parseNotebook(readFileSync(join(SAMPLES_DIR, file), 'utf8')).cells.filter((cell) => cell.kind === 'code');
    const notRun = codeCells.flatMap((cell, i) => (cell.execution?.success === true ? [] : [i + 1]));
    assert.deepEqual(notRun, [], `code cells of samples/${file} saved without a successful run; run npm run samples:refresh -- ${file.slice(0, 2)}`);
    assert.ok(codeCells.at(-1)!.outputs.length > 0, `the check cell of samples/${file} is saved without its output`);
  });

  test(`${file} runs top to bottom under tlnb run and every code cell ran`, { timeout: 20 * 60_000 }, async (t) => {
    const run = await runSampleCopy(file);
    try {
      total += run.seconds;
      t.diagnostic(`${file}: ${run.seconds.toFixed(1)} s (all so far: ${(total / 60).toFixed(1)} min)`);
      assert.equal(run.status, 0, `tlnb run exited with ${run.status}:\n${run.output.slice(-4000)}`);
      const codeCells = parseNotebook(readFileSync(run.copy, 'utf8')).cells.filter((cell) => cell.kind === 'code');
      codeCells.forEach((cell, i) => {
        assert.equal(cell.execution?.success, true, `code cell ${i + 1} of ${file} has no successful execution recorded`);
        assert.equal(cell.execution?.order, i + 1, `code cell ${i + 1} of ${file} ran out of order`);
      });
      // Cells that only define things show nothing; the final check cell always says what held.
      const check = codeCells.at(-1)!;
      assert.ok(check.outputs.length > 0, `the check cell of ${file} shows nothing`);
    } finally {
      run.remove();
    }
  });
}
