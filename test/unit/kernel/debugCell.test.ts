// The kernel's side of Debug Cell: a cell run with `debugSource` carries an inline source map that
// names that path (as a file URL) and runs under its own absolute script URL; the kernel opens
// its inspector on 127.0.0.1 on request; a debugger attached there (cdpDebugProbe.ts, in its own
// process) stops on a line of the cell through the map and reads a local variable; the cell then
// finishes with its output, its errors still point at the cell, and the inspector closes.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { SourceMap } from 'node:module';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { debugScriptUrl, withDebugSourceMap } from '../../../kernel/debug/debugSourceMap';
import { transpileCell } from '../../../kernel/transpile/transpileCell';
import { run, startKernel, tempDir } from './kernelHarness';

const CELL = `function double(x: number): number {
  const twice: number = x * 2;
  return twice;
}
const result = double(20) + 1;
console.log('result is', result);`;

let kernel: KernelClient;
before(async () => {
  kernel = await startKernel();
});
after(async () => {
  await kernel.shutdown();
});

test('a debugged cell\'s script maps each line back to the cell at the debug path, under its own file URL', async () => {
  const debugSource = join(tempDir(), 'nb-cell-abc.ts');
  const transpiled = await transpileCell(CELL, 'tlnb-cell-1.ts');
  assert.ok(transpiled.ok);
  const script = withDebugSourceMap(transpiled.code, transpiled.map, CELL, debugSource);
  const data = /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,(\S+)$/.exec(script)?.[1];
  assert.ok(data, 'the script ends with an inline source map');
  const map = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { sources: string[]; sourcesContent: string[] };
  assert.deepEqual(map.sources, [pathToFileURL(debugSource).href]);
  assert.deepEqual(map.sourcesContent, [CELL]);
  const generated = transpiled.code.split('\n');
  const twiceLine = generated.findIndex((l) => l.includes('const twice'));
  const entry = new SourceMap(map as never).findEntry(twiceLine, generated[twiceLine]!.indexOf('const')) as { originalLine: number; originalSource: string };
  assert.equal(entry.originalLine + 1, 2, 'the generated `const twice` is line 2 of the cell');
  assert.equal(entry.originalSource, pathToFileURL(debugSource).href);

  const url = debugScriptUrl(debugSource, 7);
  assert.ok(url.startsWith('file:///') && url.endsWith('.run-7.js'), url);
  assert.ok(!url.startsWith(pathToFileURL(debugSource).href), 'the script URL is not the source\'s, nor an extension of it');
});

test('a debugger attached to the kernel\'s inspector stops on a line of the cell, reads its locals, and the cell finishes', async () => {
  const url = await kernel.inspector(true);
  assert.match(url ?? '', /^ws:\/\/127\.0\.0\.1:\d+\//, 'the inspector listens on the loopback interface only');
  assert.equal(await kernel.inspector(true), url, 'asking again gives the same inspector');

  const debugSource = join(tempDir(), 'nb-cell-def.ts');
  const flags = typeof WebSocket === 'function' ? [] : ['--experimental-websocket'];
  const probe = spawn(process.execPath, [...flags, '--import', 'tsx', join(__dirname, 'cdpDebugProbe.ts'), url!, pathToFileURL(debugSource).href, '2', 'x * 100'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: probe.stdout! });
  const reports: Array<Record<string, unknown>> = [];
  const next = (predicate: (r: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const found = reports.find(predicate);
      if (found) return resolve(found);
      lines.on('line', (line) => {
        const report = JSON.parse(line) as Record<string, unknown>;
        if (predicate(report)) resolve(report);
      });
      probe.once('exit', () => reject(new Error(`the probe exited; it reported ${JSON.stringify(reports)}`)));
    });
  lines.on('line', (line) => reports.push(JSON.parse(line) as Record<string, unknown>));
  try {
    await next((r) => r.ready === true);
    const { result, events } = await new Promise<{ result: Awaited<ReturnType<KernelClient['execute']>['result']>; events: unknown[] }>((resolve) => {
      const events: unknown[] = [];
      const execution = kernel.execute(CELL, 'Cell 4', (event) => events.push(event), { debugSource });
      void execution.result.then((result) => resolve({ result, events }));
    });
    assert.equal(result.status, 'ok', result.error?.stack);
    assert.ok(events.some((e) => (e as { text?: string }).text?.includes('result is 41')));
    const loaded = reports.find((r) => Array.isArray(r.sources) && (r.sources as string[])[0] === pathToFileURL(debugSource).href);
    assert.ok(loaded, `the debugger saw the cell's source map: ${JSON.stringify(reports)}`);
    assert.match(String(loaded.scriptUrl), /^file:\/\/\/.*nb-cell-def\.run-\d+\.js$/);
    const paused = reports.find((r) => r.paused === true);
    assert.deepEqual(paused, { paused: true, cellLine: 2, value: '2000' }, `stopped on the cell's line 2 with x = 20: ${JSON.stringify(reports)}`);

    // Errors of a debugged cell still name the cell and its line.
    const failing = await new Promise<Awaited<ReturnType<KernelClient['execute']>['result']>>((resolve) => {
      void kernel.execute('const a = 1;\nthrow new Error("boom");', 'Cell 5', () => {}, { debugSource: join(tempDir(), 'nb-cell-ghi.ts') }).result.then(resolve);
    });
    assert.equal(failing.status, 'error');
    assert.match(failing.error?.stack ?? '', /at Cell 5:2:7/, failing.error?.stack);
    assert.doesNotMatch(failing.error?.stack ?? '', /run-\d+\.js/, 'no debug script URL in what the user reads');
  } finally {
    assert.equal(await kernel.inspector(false), undefined, 'closed');
    await new Promise((resolve) => probe.once('exit', resolve).once('error', resolve));
  }
  // Closed: the probe was disconnected, and the kernel still runs cells.
  const after = await run(kernel, 'result * 2');
  assert.equal(after.result.status, 'ok');
});
