// Every shipped sample is saved with the outputs of a complete run, and runs headless, top to
// bottom, as shipped: `tlnb run` (the built CLI) on the default backend, in a temporary copy with
// samples/models/ beside it. A chapter's last cell is a check that throws when the chapter's claim
// does not hold, so exit status 0 means the claim held. Each notebook's wall time is printed (the
// issue's budget: 3 minutes each, 15 all together on a 2-core machine); the assertions are about
// correctness, not time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { parseNotebook } from '../../common/format';
import { SAMPLES_DIR, runSampleCopy, sampleFiles } from '../../scripts/samples/runSample.mjs';
import { ensureBuilt } from '../unit/kernel/kernelHarness';

ensureBuilt();
let total = 0;

/** SHA-256 of every file under `dir`, by path relative to it. */
function fileHashes(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return hashes;
}

// Running the samples never changes a shipped file (samples/ and its pretrained models/).
const shippedBefore = fileHashes(SAMPLES_DIR);
after(() => {
  const shippedAfter = fileHashes(SAMPLES_DIR);
  const changed = [...shippedBefore].filter(([path, hash]) => shippedAfter.get(path) !== hash).map(([path]) => path);
  assert.deepEqual(changed, [], 'shipped files under samples/ changed while the samples ran');
});
const shippedModels = fileHashes(join(SAMPLES_DIR, 'models'));

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
      // The copy is laid out as shipped (models/ beside the notebook): the run must leave those files as they were.
      assert.deepEqual(fileHashes(join(run.dir, 'models')), shippedModels, `${file} wrote over the shipped pretrained models in models/`);
    } finally {
      run.remove();
    }
  });
}
