import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FormatError, parseNotebook, parseNotebookBytes } from '../../../common/format';
import { BAD_NOTEBOOKS } from '../../fixtures/badNotebooks';

const utf8 = (text: string) => new TextEncoder().encode(text);

for (const bad of BAD_NOTEBOOKS) {
  test(`refuses ${bad.name} with its place and problem`, () => {
    assert.throws(
      () => parseNotebookBytes(bad.bytes ?? utf8(bad.text)),
      (error: unknown) => {
        assert.ok(error instanceof FormatError, 'a FormatError');
        assert.match(error.problem, bad.problem);
        assert.deepEqual([error.line, error.column], [bad.line, bad.column]);
        assert.match(error.message, new RegExp(`^line ${bad.line}, column ${bad.column}: `));
        return true;
      },
    );
  });
}

test('unknown fields at every level are kept', () => {
  const text = JSON.stringify({
    tlnb: 1,
    author: 'me',
    cells: [
      {
        kind: 'code',
        source: [],
        tags: ['x'],
        execution: { order: 1, host: 'box' },
        outputs: [{ items: [{ mime: 'text/plain', text: 'hi', note: 1 }], id: 'o1' }],
      },
    ],
  });
  const model = parseNotebook(text);
  assert.deepEqual(model.extra, { author: 'me' });
  const cell = model.cells[0]!;
  assert.deepEqual(cell.extra, { tags: ['x'] });
  assert.deepEqual(cell.execution?.extra, { host: 'box' });
  assert.deepEqual(cell.outputs[0]!.extra, { id: 'o1' });
  assert.deepEqual(cell.outputs[0]!.items[0]!.extra, { note: 1 });
});

test('a key named __proto__ in metadata stays an ordinary key', () => {
  const model = parseNotebook('{"tlnb":1,"metadata":{"__proto__":{"polluted":true}},"cells":[]}');
  assert.equal(Object.getPrototypeOf(model.metadata), Object.prototype);
  assert.ok(Object.hasOwn(model.metadata, '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('wrong types inside known fields are named precisely', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ tlnb: '1', cells: [] }, /"tlnb" \(the format version\) must be a whole number of at least 1, not the string "1"/],
    [{ tlnb: 1, cells: {} }, /"cells" must be a list, not an object/],
    [{ tlnb: 1, metadata: [], cells: [] }, /"metadata" must be an object, not a list/],
    [{ tlnb: 1, cells: [{ kind: 'code', source: ['a', 3] }] }, /cells\[0\]\.source\[1\] must be a string, not the number 3/],
    [{ tlnb: 1, cells: [{ kind: 'code', execution: { order: -1 } }] }, /cells\[0\]\.execution\.order must be a whole number of at least 0/],
    [{ tlnb: 1, cells: [{ kind: 'markdown', outputs: [{ items: [] }] }] }, /cells\[0\] is a markdown cell but has outputs/],
    [{ tlnb: 1, cells: [{ kind: 'code', outputs: [{ items: [{ mime: 'a', text: 'x', base64: '' }] }] }] }, /exactly one of "text" or "base64"/],
    [{ tlnb: 1, cells: [{ source: [] }] }, /cells\[0\] has no "kind"/],
  ];
  for (const [value, problem] of cases) {
    assert.throws(() => parseNotebook(JSON.stringify(value, null, 2)), (e: unknown) => e instanceof FormatError && problem.test(e.problem));
  }
});
