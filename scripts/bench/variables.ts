// npm run bench:variables — does the Variables view slow a cell run? The view asks the kernel for
// its list (list-variables) when a cell ends, while it is visible; the next cell may arrive while
// the list is being made. Measured through the real protocol on a kernel holding 60 variables
// (tensors, a model, a 1,000,000-element array, strings, objects):
//   a short cell's round trip, 100 in a row, without the view   vs  with a list asked for after each
//   the list itself (list-variables round trip)
// Builds dist/ first when it is stale.

import { loadavg } from 'node:os';
import { KernelClient } from '../../common/node/kernelClient';
import { KERNEL_PATH, ensureBuilt, tempDir } from '../../test/unit/kernel/kernelHarness';

const now = () => performance.now();
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`;
};

async function cellRoundTrips(kernel: KernelClient, count: number, withView: boolean): Promise<{ cells: number[]; lists: number[] }> {
  const cells: number[] = [];
  const lists: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = now();
    const { result } = kernel.execute(`counter = ${i}; counter * 2`, `Cell ${i}`, () => {});
    await result;
    cells.push(now() - t);
    if (withView) {
      // As the view does: the list is asked for when the cell ends, and not awaited by the next cell.
      const started = now();
      void kernel.listVariables().then(() => lists.push(now() - started));
    }
  }
  return { cells, lists };
}

async function main(): Promise<void> {
  ensureBuilt();
  const kernel = await KernelClient.start({ kernelPath: KERNEL_PATH, launch: { backend: 'auto', notebookDir: tempDir('tlnb-bench-') } });
  const setup = kernel.execute(
    `import * as tf from '@tensorflow/tfjs';
var counter = 0;
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 512 }), tf.layers.dense({ units: 10 })] });
const big = new Array(1_000_000).fill(0.5);
${Array.from({ length: 20 }, (_, i) => `const t${i} = tf.randomNormal([64, 64]);\nconst s${i} = 'text ${i}'.repeat(100);\nconst o${i} = { id: ${i}, tags: ['a', 'b'] };`).join('\n')}`,
    'setup',
    () => {},
  );
  const done = await setup.result;
  if (done.status !== 'ok') throw new Error(`setup failed: ${done.error?.stack}`);
  await cellRoundTrips(kernel, 20, true); // warm-up
  const without = await cellRoundTrips(kernel, 100, false);
  const withView = await cellRoundTrips(kernel, 100, true);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const listed = await kernel.listVariables();
  await kernel.shutdown();
  console.log(
    [
      `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${'variables' in listed ? listed.variables.length : '?'} variables`,
      `cell round trip, Variables view hidden   ${stats(without.cells)}`,
      `cell round trip, view listing after each ${stats(withView.cells)}`,
      `the list itself (list-variables)          ${stats(withView.lists)}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
