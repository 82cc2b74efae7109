import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook, serializeNotebook, type NotebookFile } from '../../../common/format';

const bytes = (text: string) => new TextEncoder().encode(text);

function sampleNotebook(): NotebookFile {
  return {
    metadata: { zeta: 1, alpha: { b: [1, 2], a: 'x' } },
    extra: { future: { keep: true } },
    cells: [
      { kind: 'markdown', language: 'markdown', source: '# Title\n\nSome *text*.', metadata: {}, outputs: [], extra: {} },
      {
        kind: 'code',
        language: 'typescript',
        source: 'const x = 1;\r\nconsole.log(`a\\nb`)\n',
        metadata: { tags: ['setup'] },
        execution: { order: 3, success: true, startTime: 1700000000000, endTime: 1700000000123 },
        outputs: [
          {
            metadata: { note: 'kept' },
            items: [
              { mime: 'text/plain', data: bytes('héllo\n'), extra: {} },
              { mime: 'image/png', data: new Uint8Array([137, 80, 78, 71, 0, 255]), extra: { x: 1 } },
              { mime: 'text/plain', data: new Uint8Array([0xff, 0xfe, 0x41]), extra: {} },
              { mime: 'application/vnd.code.notebook.stdout', data: bytes('line 1\nline 2\n'), extra: {} },
            ],
            extra: {},
          },
        ],
        extra: { reviewer: 'ann' },
      },
    ],
  };
}

test('a written notebook reads back to the same model', () => {
  const model = sampleNotebook();
  const text = serializeNotebook(model);
  const back = parseNotebook(text);
  assert.deepEqual(back.cells.map((c) => c.source), model.cells.map((c) => c.source));
  assert.deepEqual(back.extra, model.extra);
  assert.deepEqual(back.cells[1]!.extra, { reviewer: 'ann' });
  assert.deepEqual(back.cells[1]!.execution, model.cells[1]!.execution);
  const items = back.cells[1]!.outputs[0]!.items;
  assert.deepEqual(items.map((i) => [...i.data]), model.cells[1]!.outputs[0]!.items.map((i) => [...i.data]));
  assert.deepEqual(items[1]!.extra, { x: 1 });
});

test('text it wrote writes again byte for byte', () => {
  const once = serializeNotebook(sampleNotebook());
  const twice = serializeNotebook(parseNotebook(once));
  assert.equal(twice, once);
});

test('the file is stable and diff-friendly', () => {
  const text = serializeNotebook(sampleNotebook());
  assert.ok(text.endsWith('}\n'));
  assert.ok(text.startsWith('{\n  "tlnb": 1,\n  "metadata": {\n    "alpha"'), 'version first, metadata keys sorted');
  assert.match(text, /\n {8}"const x = 1;\\r",\n {8}"console\.log\(`a\\\\nb`\)",\n {8}""\n/, 'one source line per JSON line');
  assert.match(text, /"mime": "text\/plain",\n\s+"text": "héllo\\n"/, 'text stored as text');
  assert.match(text, /"mime": "image\/png",\n\s+"base64": "iVBORwD\/"/, 'binary stored as base64');
  assert.match(text, /"base64": "\/\/5B"/, 'invalid UTF-8 in a text MIME type is kept exactly as base64');
});

test('an empty or blank file is an empty notebook', () => {
  for (const text of ['', '  \n\t\n']) {
    assert.deepEqual(parseNotebook(text), { metadata: {}, cells: [], extra: {} });
  }
  assert.equal(serializeNotebook(parseNotebook('')), '{\n  "tlnb": 1,\n  "cells": []\n}\n');
});

test('a source may be a single string; it is written back as lines', () => {
  const model = parseNotebook('{"tlnb":1,"cells":[{"kind":"code","source":"a\\nb"}]}');
  assert.equal(model.cells[0]!.source, 'a\nb');
  assert.equal(model.cells[0]!.language, 'typescript');
});

test('every shipped sample reads and writes back byte for byte', () => {
  const dir = join(import.meta.dirname, '../../../samples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.tlnb'));
  assert.ok(files.length > 0, 'samples/ has notebooks');
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    assert.equal(serializeNotebook(parseNotebook(text)), text, `${file} is in canonical form`);
  }
});
