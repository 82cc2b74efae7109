// The wasm rung on more than one thread (lib/backends/wasm/threadedBackend.ts): tfjs's threaded
// build started in Node with real files, on the number of threads asked for, every tlnb kernel
// giving the cpu backend's values and gradients on it, and a process that uses it still exits.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { wasmThreadsWanted } from '../../../lib/backends/rungs/wasm';

const HERE = __dirname;
const ROOT = join(HERE, '..', '..', '..');

test('the threads asked for: one unless TLNB_WASM_THREADS says otherwise; 0 means every core; nonsense gives one, saying what to write', () => {
  assert.equal(wasmThreadsWanted({}).threads, 1);
  assert.equal(wasmThreadsWanted({ TLNB_WASM_THREADS: '' }).threads, 1);
  assert.deepEqual(wasmThreadsWanted({ TLNB_WASM_THREADS: '3' }), { threads: 3, why: 'TLNB_WASM_THREADS=3' });
  assert.equal(wasmThreadsWanted({ TLNB_WASM_THREADS: '0' }).threads, Math.min(availableParallelism(), 8));
  for (const bad of ['two', '-1', '1.5', '65']) {
    const wanted = wasmThreadsWanted({ TLNB_WASM_THREADS: bad });
    assert.equal(wanted.threads, 1);
    assert.match(wanted.why, /^TLNB_WASM_THREADS=.+ is not a whole number from 0 to 64 \(0 = every core\), so one$/);
  }
});

// Twice: as the rung runs (small kernels on the calling thread, lib/backends/wasm/poolGate.ts, which
// at the tests' sizes is most calls) and with every kernel on the pool (TLNB_WASM_POOL_MIN_WORK=0).
for (const [how, env] of [['small kernels on the calling thread', {}], ['every kernel on the pool', { TLNB_WASM_POOL_MIN_WORK: '0' }]] as const) {
  test(`every wasm kernel parity test passes on the threaded build with 2 threads, ${how}`, () => {
    const files = readdirSync(HERE)
      .filter((name) => /^wasm.+\.test\.ts$/.test(name) && !['wasmThreads.test.ts', 'wasmKernelSources.test.ts', 'wasmPoolGate.test.ts'].includes(name))
      .map((name) => join(HERE, name));
    assert.ok(files.length >= 8, files.join(', '));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
      cwd: ROOT,
      // (Without NODE_TEST_CONTEXT: set, a nested runner reports to this one instead of printing.)
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, TLNB_WASM_THREADS: '2', ...env },
      encoding: 'utf8',
      timeout: 10 * 60_000,
    });
    const summary = (key: string) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(run.stdout)?.[1]);
    assert.equal(run.status, 0, `${run.stdout.split('\n').filter((line) => /^not ok|Error|expected|actual/.test(line.trim())).slice(0, 30).join('\n')}\n${run.stderr.slice(-2000)}`);
    assert.ok(summary('pass') >= 100, `passed: ${summary('pass')}`);
    assert.equal(summary('fail'), 0);
  });
}

test('the rung on 2 threads says so, trains, and a script that used it (and the product kernel\'s threads) exits by itself', () => {
  const script = `
    const { initBackend } = require('./lib/backends');
    (async () => {
      const init = await initBackend({ preference: 'wasm', searchPaths: [process.cwd()] });
      const tf = init.tf;
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [20], units: 64, activation: 'relu' }), tf.layers.dense({ units: 1 })] });
      model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
      const x = tf.randomUniform([256, 20]);
      const h = await model.fit(x, x.sum(1, true), { epochs: 3, verbose: 0 });
      // Big enough for tlnb's product kernel to start its own worker threads (kernelPool.ts).
      tf.matMul(tf.randomNormal([256, 256]), tf.randomNormal([256, 256])).dataSync();
      console.log(JSON.stringify({ detail: init.report.rungs.at(-1).detail, loss: h.history.loss }));
    })();`;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, TLNB_WASM_THREADS: '2' }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `exit ${run.status} ${run.signal ?? ''} after ${Date.now() - started} ms: ${run.stderr.slice(-2000)}`);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { detail: string; loss: number[] };
  assert.match(result.detail, /^WebAssembly SIMD, 2 threads \(TLNB_WASM_THREADS=2\), tlnb training kernels, fused multiply-add products, small kernels on the calling thread$/);
  assert.ok(result.loss[2]! < result.loss[0]!, `the loss falls: ${result.loss.join(', ')}`);
});
