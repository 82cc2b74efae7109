// What the reader keeps that it used to lose: "__proto__" and other keys named like Object's
// own properties, a UTF-8 byte order mark, deep (but not too deep) JSON. Each reads, writes back
// byte for byte, and never changes a prototype. Also: the UTF-8 check agrees with the standard decoder.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FormatError, MAX_JSON_NESTING, parseNotebook, parseNotebookBytes, serializeNotebook } from '../../../common/format';
import { firstInvalidUtf8 } from '../../../common/format/utf8';

const utf8 = (text: string) => new TextEncoder().encode(text);

test('"__proto__" fields at every level are kept as unknown fields and written back where they were', () => {
  const text = [
    '{',
    '  "tlnb": 1,',
    '  "metadata": {',
    '    "__proto__": {',
    '      "polluted": true',
    '    }',
    '  },',
    '  "cells": [',
    '    {',
    '      "kind": "code",',
    '      "language": "typescript",',
    '      "source": [',
    '        "1"',
    '      ],',
    '      "metadata": {',
    '        "__proto__": 1',
    '      },',
    '      "outputs": [',
    '        {',
    '          "items": [',
    '            {',
    '              "mime": "text/plain",',
    '              "text": "1",',
    '              "__proto__": "item"',
    '            }',
    '          ],',
    '          "__proto__": [',
    '            "output"',
    '          ]',
    '        }',
    '      ],',
    '      "__proto__": {',
    '        "isAdmin": true',
    '      }',
    '    }',
    '  ],',
    '  "__proto__": {',
    '    "top": 1',
    '  }',
    '}',
    '',
  ].join('\n');
  const model = parseNotebook(text);
  assert.deepEqual(Object.keys(model.extra), ['__proto__']);
  assert.equal(Object.getPrototypeOf(model.extra), Object.prototype, 'the prototype is untouched');
  assert.deepEqual(Object.keys(model.cells[0]!.extra), ['__proto__']);
  assert.equal((model.cells[0]!.extra as Record<string, unknown>).isAdmin, undefined, 'no field appears through a prototype');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  assert.equal(serializeNotebook(model), text, 'written back byte for byte');
});

test('unknown fields named like Object.prototype members (constructor, toString) are kept', () => {
  const text = '{"tlnb":1,"cells":[{"kind":"code","source":[],"constructor":1,"toString":"x","outputs":[{"items":[{"mime":"text/plain","text":"","hasOwnProperty":2}]}]}],"valueOf":3}';
  const again = JSON.parse(serializeNotebook(parseNotebook(text))) as { valueOf: number; cells: Array<Record<string, unknown> & { outputs: Array<{ items: object[] }> }> };
  assert.equal(again.valueOf, 3);
  assert.equal(again.cells[0]!.constructor, 1);
  assert.equal(again.cells[0]!.toString, 'x');
  assert.deepEqual(again.cells[0]!.outputs[0]!.items[0], { mime: 'text/plain', text: '', hasOwnProperty: 2 });
});

test('a UTF-8 byte order mark is accepted, noted and written back, so a save changes no byte', () => {
  const body = serializeNotebook({ metadata: {}, extra: {}, cells: [{ kind: 'code', language: 'typescript', source: 'é', metadata: {}, outputs: [], extra: {} }] });
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(body)]);
  const model = parseNotebookBytes(bytes);
  assert.equal(model.byteOrderMark, true);
  assert.equal(model.cells[0]!.source, 'é');
  assert.deepEqual(utf8(serializeNotebook(model)), bytes);
  assert.equal(parseNotebookBytes(utf8(body)).byteOrderMark, undefined, 'no mark, none written');
  assert.equal(serializeNotebook(parseNotebook('\uFEFF')), '\uFEFF{\n  "tlnb": 1,\n  "cells": []\n}\n', 'a file holding only a mark');
});

test('errors in a file with a byte order mark are placed where the editor shows them', () => {
  assert.throws(
    () => parseNotebookBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"cells":[]}')])),
    (error: unknown) => error instanceof FormatError && error.line === 1 && error.column === 1,
  );
  assert.throws(
    () => parseNotebookBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0xff])),
    (error: unknown) => error instanceof FormatError && error.line === 1 && error.column === 2 && /byte offset 4/.test(error.problem),
  );
});

test(`JSON nested ${MAX_JSON_NESTING} levels deep reads and writes back; one more is refused, never a stack overflow`, () => {
  const nested = (levels: number) => `{"tlnb":1,"metadata":{"deep":${'['.repeat(levels - 2)}${']'.repeat(levels - 2)}},"cells":[]}`;
  const model = parseNotebook(nested(MAX_JSON_NESTING));
  const text = serializeNotebook(model);
  assert.equal(serializeNotebook(parseNotebook(text)), text);
  assert.throws(() => parseNotebook(nested(MAX_JSON_NESTING + 1)), (error: unknown) => error instanceof FormatError && /nested more than/.test(error.problem));
  assert.throws(() => parseNotebook(`{"tlnb":1,"cells":${'{"a":'.repeat(100_000)}`), (error: unknown) => error instanceof FormatError);
  // Brackets inside strings do not count.
  assert.doesNotThrow(() => parseNotebook(`{"tlnb":1,"metadata":{"s":"${'['.repeat(5000)}\\"${'{'.repeat(5000)}"},"cells":[]}`));
});

test('the UTF-8 check finds exactly the bytes the standard decoder refuses', () => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const valid = (bytes: Uint8Array) => {
    try {
      strict.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
  const edges = [0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff, 0x8f, 0x90, 0x9f, 0xa0];
  let checked = 0;
  for (const a of edges) for (const b of edges) for (const c of edges) {
    for (const bytes of [new Uint8Array([a, b, c]), new Uint8Array([0x41, a, b, c, 0x80]), new Uint8Array([a, b, c, 0xbf, 0x41])]) {
      const at = firstInvalidUtf8(bytes);
      assert.equal(at < 0, valid(bytes), `bytes ${[...bytes].map((x) => x.toString(16))}`);
      if (at >= 0) assert.ok(valid(bytes.subarray(0, at)), 'everything before the reported byte is valid');
      checked++;
    }
  }
  assert.ok(checked > 40_000);
});

test('numbers a save would change are refused with their place: past 2^53 as whole numbers, or too large to hold', () => {
  const file = (value: string) => utf8(`{\n  "tlnb": 1,\n  "metadata": { "id": ${value} },\n  "cells": []\n}\n`);
  assert.throws(
    () => parseNotebookBytes(file('12345678901234567890')),
    (e: unknown) => e instanceof FormatError && e.line === 3 && e.column === 23 && /the whole number 12345678901234567890 is larger than tlnb keeps exactly .* a save would write it as 12345678901234567000/.test(e.message),
  );
  assert.throws(() => parseNotebookBytes(file('-1e400')), /line 3, column 23: the number -1e400 is too large to keep \(a save would write it as null\); .*write it as a string/);
  // What a number holds exactly is kept: 2^53 − 1, fractions, exponents.
  for (const kept of ['9007199254740991', '-9007199254740991', '0.5', '1e300', '12345678901234567890.5']) {
    assert.doesNotThrow(() => parseNotebookBytes(file(kept)), kept);
  }
  const text = '{\n  "tlnb": 1,\n  "metadata": {\n    "id": 9007199254740991\n  },\n  "cells": []\n}\n';
  assert.equal(serializeNotebook(parseNotebookBytes(utf8(text))), text);
});
