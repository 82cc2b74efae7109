// `tlnb run --param name=value` (papermill's parameters cell) and `--json <file>` (a summary for CI):
// the pure parts (parsing, the declarations read from the parameters cell, the injected cell) and
// the real CLI on real notebooks.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hasTag, parseNotebook, serializeNotebook, withTag, type CellFile } from '../../../common/format';
import { ParameterError, injectParameters, parseParameter, topLevelDeclarations } from '../../../cli/parameters';
import type { RunSummary } from '../../../cli/runSummary';
import { CLI_PATH, ensureBuilt, tempDir } from './kernelHarness';

const code = (source: string, tags?: string[]): CellFile => ({
  kind: 'code',
  language: 'typescript',
  source,
  metadata: tags ? { tags } : {},
  outputs: [],
  extra: {},
});
const markdown = (source: string): CellFile => ({ kind: 'markdown', language: 'markdown', source, metadata: {}, outputs: [], extra: {} });
const text = (data: Uint8Array) => new TextDecoder().decode(data);

function tlnb(...args: string[]) {
  ensureBuilt();
  return spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', timeout: 120_000 });
}

function writeNotebook(cells: CellFile[]): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, 'nb.tlnb');
  writeFileSync(path, serializeNotebook({ metadata: {}, cells, extra: {} }));
  return { dir, path };
}

test('--param values are JSON when they parse as JSON, else text', () => {
  assert.deepEqual(parseParameter('epochs=5'), { name: 'epochs', value: 5 });
  assert.deepEqual(parseParameter('rate=1e-3'), { name: 'rate', value: 0.001 });
  assert.deepEqual(parseParameter('shuffle=false'), { name: 'shuffle', value: false });
  assert.deepEqual(parseParameter('layers=[64, 32]'), { name: 'layers', value: [64, 32] });
  assert.deepEqual(parseParameter('name=mnist'), { name: 'name', value: 'mnist' });
  assert.deepEqual(parseParameter('name="5"'), { name: 'name', value: '5' });
  assert.deepEqual(parseParameter('eq=a=b'), { name: 'eq', value: 'a=b' });
  assert.deepEqual(parseParameter('empty='), { name: 'empty', value: '' });
  assert.throws(() => parseParameter('epochs'), /--param epochs: expected name=value/);
  assert.throws(() => parseParameter('2x=1'), /"2x" is not a variable name/);
});

test('the parameters cell\'s top-level declarations are read with their keyword, nested ones are not', () => {
  const source = [
    '// defaults',
    'const epochs = 5; let rate: number = 1e-3, batch = 32',
    "var name = 'a, b = c'; /* let hidden = 1 */",
    'const layers: Array<number> = [64,',
    '  32];',
    'let config = {',
    '  inner: 1,',
    '}',
    'function f() { const local = 1; return local; }',
    'if (epochs > 1) { let alsoLocal = 2; }',
    'let f2 = (x: number) => x, g = 1;',
    'const total =',
    '  epochs + 1',
  ].join('\n');
  assert.deepEqual(
    [...topLevelDeclarations(source)],
    [
      ['epochs', 'const'],
      ['rate', 'let'],
      ['batch', 'let'],
      ['name', 'var'],
      ['layers', 'const'],
      ['config', 'let'],
      ['f2', 'let'],
      ['g', 'let'],
      ['total', 'const'],
    ],
  );
});

test('tags are toggled in cell metadata as Jupyter stores them, other tags and fields kept', () => {
  const tagged = withTag({ collapsed: true, tags: ['slow'] }, 'parameters', true);
  assert.deepEqual(tagged, { collapsed: true, tags: ['slow', 'parameters'] });
  assert.ok(hasTag(tagged, 'parameters'));
  assert.deepEqual(withTag(tagged, 'parameters', false), { collapsed: true, tags: ['slow'] });
  assert.deepEqual(withTag({ tags: ['parameters'] }, 'parameters', false), {});
  assert.ok(!hasTag({ tags: 'parameters' }, 'parameters'), 'tags must be a list');
});

test('the injected cell follows the parameters cell and replaces one a previous run injected', () => {
  const cells = [markdown('# t'), code('const epochs = 5;\nlet name = "a";', ['parameters']), code('epochs')];
  const once = injectParameters(cells, [{ name: 'epochs', value: 10 }, { name: 'name', value: 'b"c' }]);
  assert.equal(once.length, 4);
  assert.equal(once[2]!.source, '// Parameters set by tlnb run --param\nconst epochs = 10;\nlet name = "b\\"c";');
  assert.deepEqual(once[2]!.metadata, { tags: ['injected-parameters'] });
  const twice = injectParameters(once, [{ name: 'epochs', value: 20 }]);
  assert.deepEqual(twice.map((c) => c.source.split('\n').at(-1)), ['# t', 'let name = "a";', 'const epochs = 20;', 'epochs']);
  assert.equal(injectParameters(once, []).length, 4, 'without --param the notebook is run as it is');
});

test('a parameter the notebook cannot take is an error naming it', () => {
  assert.throws(() => injectParameters([code('const epochs = 5;')], [{ name: 'epochs', value: 1 }]), (error: Error) => {
    assert.ok(error instanceof ParameterError);
    assert.match(error.message, /--param epochs: this notebook has no parameters cell\. Tag the code cell/);
    return true;
  });
  assert.throws(
    () => injectParameters([markdown('x'), code('const epochs = 5;', ['parameters'])], [{ name: 'epoch', value: 1 }]),
    /--param epoch: the parameters cell \(cell 2\) declares no top-level "epoch" \(it declares epochs\)/,
  );
});

test('tlnb run --param sets values in a cell after the parameters cell, and the output notebook shows it', () => {
  const { dir, path } = writeNotebook([
    code("const epochs = 5;\nlet label: string = 'default';\nconst layers = [8];", ['parameters']),
    code('console.log(epochs * 2, label, layers.length, typeof epochs)'),
  ]);
  const out = join(dir, 'out.tlnb');
  const summaryPath = join(dir, 'summary.json');
  const result = tlnb('run', path, '--out', out, '--param', 'epochs=7', '--param', 'label=run 3', '--param', 'layers=[1,2,3]', '--json', summaryPath);
  assert.equal(result.status, 0, result.stderr);
  const saved = parseNotebook(readFileSync(out, 'utf8'));
  assert.equal(saved.cells.length, 3);
  assert.deepEqual(saved.cells[1]!.metadata, { tags: ['injected-parameters'] });
  assert.match(saved.cells[1]!.source, /const epochs = 7;\nlet label = "run 3";\nconst layers = \[1,2,3\];/);
  assert.equal(text(saved.cells[2]!.outputs[0]!.items[0]!.data), '14 run 3 3 number\n');

  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
  assert.deepEqual(summary.parameters, { epochs: 7, label: 'run 3', layers: [1, 2, 3] });
  assert.deepEqual(
    summary.cells.map((c) => [c.index, c.label, c.status, c.injectedParameters ?? false]),
    [
      [0, 'Cell 1', 'ok', false],
      [1, 'Cell 2', 'ok', true],
      [2, 'Cell 3', 'ok', false],
    ],
  );
  assert.equal(summary.exitCode, 0);
  assert.equal(summary.output, out);
  assert.equal(summary.backend?.active, 'wasm');
  assert.deepEqual({ ...summary.totals, durationMs: 0 }, { cells: 3, ok: 3, failed: 0, skipped: 0, durationMs: 0 });
});

test('tlnb run --param on a notebook without a parameters cell exits 2 naming the parameter, runs nothing, writes the summary', () => {
  const { dir, path } = writeNotebook([code("console.log('ran')")]);
  const before = readFileSync(path, 'utf8');
  const summaryPath = join(dir, 'summary.json');
  const result = tlnb('run', path, '--param', 'epochs=3', '--json', summaryPath);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /tlnb: --param epochs: this notebook has no parameters cell.*no cell was run/);
  assert.equal(readFileSync(path, 'utf8'), before);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
  assert.equal(summary.exitCode, 2);
  assert.match(summary.error ?? '', /--param epochs/);
  assert.deepEqual(summary.cells, []);
  assert.match(tlnb('run', path, '--param', 'epochs').stderr, /--param epochs: expected name=value/);
});

test('tlnb run --json - prints the summary on stdout: failed, later and skipped cells with their errors', () => {
  const { path } = writeNotebook([code('const a = 1;'), markdown('m'), code("throw new RangeError('too far')"), code('a + 1')]);
  const continued = tlnb('run', path, '--continue', '--json', '-');
  assert.equal(continued.status, 1);
  assert.match(continued.stderr, /\[2\/3\] Cell 3 error/, 'progress lines go to stderr');
  const summary = JSON.parse(continued.stdout) as RunSummary;
  assert.deepEqual(
    summary.cells.map((c) => [c.index, c.status, c.error]),
    [
      [0, 'ok', undefined],
      [2, 'error', { name: 'RangeError', message: 'too far' }],
      [3, 'ok', undefined],
    ],
  );
  assert.ok(summary.cells.every((c) => typeof c.durationMs === 'number'));
  assert.equal(summary.exitCode, 1);
  assert.deepEqual({ ...summary.totals, durationMs: 0 }, { cells: 3, ok: 2, failed: 1, skipped: 0, durationMs: 0 });

  const stopped = JSON.parse(tlnb('run', path, '--json', '-').stdout) as RunSummary;
  assert.deepEqual(stopped.cells.map((c) => c.status), ['ok', 'error', 'skipped']);
  assert.equal(stopped.cells[2]!.durationMs, undefined);
  assert.deepEqual({ ...stopped.totals, durationMs: 0 }, { cells: 3, ok: 1, failed: 1, skipped: 1, durationMs: 0 });
});
