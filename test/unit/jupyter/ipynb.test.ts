// Jupyter interchange (common/jupyter/): every export is valid under nbformat 4.5's own JSON
// Schema, tlnb -> ipynb -> tlnb gives back the same file, and tslab's, jslab's and Deno's
// notebooks import with their outputs while other languages are refused.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { PNG } from 'pngjs';
import { parseNotebook, serializeNotebook, type NotebookFile } from '../../../common/format';
import { fromIpynb, IpynbImportError } from '../../../common/jupyter/fromIpynb';
import type { IpynbNotebook } from '../../../common/jupyter/ipynb';
import { toIpynb } from '../../../common/jupyter/toIpynb';
import { MIME, type ImageGridPayload } from '../../../common/outputs';

const repo = join(import.meta.dirname, '../../..');
const schema = JSON.parse(readFileSync(join(repo, 'test/fixtures/nbformat/nbformat.v4.5.schema.json'), 'utf8')) as Record<string, unknown>;
// The schema is draft-04; Ajv's default draft reads every keyword it uses the same way.
delete schema.$schema;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const samples = readdirSync(join(repo, 'samples')).filter((f) => f.endsWith('.tlnb'));
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const utf8 = (s: string) => new TextEncoder().encode(s);

function exported(notebook: NotebookFile): IpynbNotebook {
  return JSON.parse(JSON.stringify(toIpynb(notebook))) as IpynbNotebook;
}

test('every sample exports to a notebook valid under the nbformat 4.5 schema, with a TypeScript kernelspec', () => {
  for (const file of samples) {
    const ipynb = exported(parseNotebook(readFileSync(join(repo, 'samples', file), 'utf8')));
    assert.ok(validate(ipynb), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    assert.equal(ipynb.nbformat, 4);
    assert.equal(ipynb.nbformat_minor, 5);
    assert.deepEqual(ipynb.metadata.kernelspec, { name: 'tslab', display_name: 'TypeScript', language: 'typescript' });
    assert.equal(ipynb.metadata.language_info?.name, 'typescript');
    const ids = ipynb.cells.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, `${file}: cell ids are unique`);
  }
});

test('the schema check can fail: a cell without its id, or an output without data, is refused', () => {
  const ipynb = exported(parseNotebook(readFileSync(join(repo, 'samples', '07-cnn-feature-extraction.tlnb'), 'utf8')));
  const noId = structuredClone(ipynb);
  delete noId.cells[0]!.id;
  assert.equal(validate(noId), false);
  const noData = structuredClone(ipynb);
  const code = noData.cells.find((c) => c.cell_type === 'code' && c.outputs.some((o) => o.output_type === 'display_data'))!;
  delete (code as { outputs: Array<{ data?: unknown }> }).outputs.find((o) => 'data' in o)!.data;
  assert.equal(validate(noData), false);
});

test('tlnb -> ipynb -> tlnb gives back every sample byte for byte: sources, kinds, outputs, metadata', () => {
  for (const file of samples) {
    const original = readFileSync(join(repo, 'samples', file), 'utf8');
    const { notebook, warnings } = fromIpynb(JSON.stringify(toIpynb(parseNotebook(original))), file);
    assert.deepEqual(warnings, [], file);
    assert.equal(serializeNotebook(notebook), original, file);
  }
});

test("tlnb's rich outputs travel with their MIME types and a fallback Jupyter can show", () => {
  const notebook = parseNotebook(readFileSync(join(repo, 'samples', '07-cnn-feature-extraction.tlnb'), 'utf8'));
  const ipynb = exported(notebook);
  const outputs = ipynb.cells.flatMap((c) => (c.cell_type === 'code' ? c.outputs : []));
  const bundles = outputs.flatMap((o) => ('data' in o ? [o] : []));
  const model = bundles.find((o) => MIME.model in o.data)!;
  assert.equal(typeof model.data[MIME.model], 'object', 'JSON payloads are JSON values, not strings');
  assert.match((model.data['text/plain'] as string[]).join(''), /Total params/);
  const images = bundles.find((o) => MIME.images in o.data)!;
  const payload = images.data[MIME.images] as unknown as ImageGridPayload;
  const png = PNG.sync.read(Buffer.from(images.data['image/png'] as string, 'base64'));
  assert.ok(png.width > payload.width && png.height > payload.height, `${png.width}×${png.height}`);
  // The first image's top-left pixel, enlarged, lands inside the first cell of the grid (4 px margin).
  const first = Buffer.from(payload.images[0]!.pixels, 'base64');
  const scale = Math.floor(56 / payload.width);
  const at = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
  for (const [x, y] of [[0, 0], [14, 14], [20, 9]] as const) assert.equal(at(4 + x * scale, 4 + y * scale), first[y * payload.width + x]);
  assert.deepEqual((images.metadata as { tlnb?: { added?: string[] } }).tlnb?.added, ['image/png']);
  assert.ok(outputs.some((o) => o.output_type === 'stream' || 'data' in o));
});

test('stream text becomes stream outputs, errors become error outputs, and both come back', () => {
  const error = { name: 'TypeError', message: 'x is not a function', stack: 'TypeError: x is not a function\n    at Cell 2:1:1' };
  const notebook: NotebookFile = {
    metadata: {},
    extra: {},
    cells: [
      {
        kind: 'code',
        language: 'typescript',
        source: "console.log('a');\nconsole.error('b');\nx()",
        metadata: { tags: ['parameters'] },
        execution: { order: 3, success: false, startTime: 1_700_000_000_000, endTime: 1_700_000_000_042 },
        outputs: [
          { metadata: {}, extra: {}, items: [{ mime: 'application/vnd.code.notebook.stdout', data: utf8('a\n'), extra: {} }, { mime: 'application/vnd.code.notebook.stdout', data: utf8('c\n'), extra: {} }] },
          { metadata: {}, extra: {}, items: [{ mime: 'application/vnd.code.notebook.stderr', data: utf8('b\n'), extra: {} }] },
          { metadata: {}, extra: {}, items: [{ mime: 'application/vnd.code.notebook.error', data: utf8(JSON.stringify(error)), extra: {} }] },
        ],
        extra: {},
      },
    ],
  };
  const ipynb = exported(notebook);
  assert.ok(validate(ipynb), JSON.stringify(validate.errors));
  const cell = ipynb.cells[0]!;
  assert.equal(cell.cell_type, 'code');
  if (cell.cell_type !== 'code') return;
  assert.equal(cell.execution_count, 3);
  assert.deepEqual(cell.metadata.tags, ['parameters']);
  assert.deepEqual(cell.outputs, [
    { output_type: 'stream', name: 'stdout', text: ['a\n'] },
    { output_type: 'stream', name: 'stdout', text: ['c\n'] },
    { output_type: 'stream', name: 'stderr', text: ['b\n'] },
    { output_type: 'error', ename: 'TypeError', evalue: 'x is not a function', traceback: ['TypeError: x is not a function', '    at Cell 2:1:1'] },
  ]);
  assert.equal(serializeNotebook(fromIpynb(JSON.stringify(ipynb), 'x.ipynb').notebook), serializeNotebook(notebook));
});

/** A 2×1 PNG, base64 in two lines as Jupyter may wrap it. */
const pngBase64 = (() => {
  const png = new PNG({ width: 2, height: 1 });
  png.data.set([255, 0, 0, 255, 0, 0, 255, 255]);
  const b64 = PNG.sync.write(png).toString('base64');
  return `${b64.slice(0, 20)}\n${b64.slice(20)}\n`;
})();

/** A notebook as tslab saves one: its kernelspec, an execute_result, a PNG, stdout and an error with ANSI colours. */
const tslabNotebook = {
  nbformat: 4,
  nbformat_minor: 4,
  metadata: {
    kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' },
    language_info: { codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true }, file_extension: '.ts', mimetype: 'text/typescript', name: 'typescript', version: '3.7.2' },
  },
  cells: [
    { cell_type: 'markdown', metadata: {}, source: ['# Squares\n', '\n', 'A *tslab* notebook.'] },
    {
      cell_type: 'code',
      execution_count: 1,
      metadata: {},
      source: ['const xs = [1, 2, 3];\n', "console.log('n =', xs.length);\n", 'xs.map((x) => x * x)'],
      outputs: [
        { output_type: 'stream', name: 'stdout', text: ['n = 3\n'] },
        { output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': ['[ 1, 4, 9 ]'] } },
      ],
    },
    {
      cell_type: 'code',
      execution_count: 2,
      metadata: {},
      source: ["import * as tslab from 'tslab';\n", 'tslab.display.png(png)'],
      outputs: [
        { output_type: 'display_data', metadata: {}, data: { 'image/png': pngBase64, 'text/plain': 'an image' } },
        { output_type: 'display_data', metadata: {}, data: { 'application/vnd.jupyter.widget-view+json': { model_id: 'abc', version_major: 2, version_minor: 0 } } },
      ],
    },
    {
      cell_type: 'code',
      execution_count: 3,
      metadata: {},
      source: 'undefinedFunction()',
      outputs: [{ output_type: 'error', ename: 'ReferenceError', evalue: 'undefinedFunction is not defined', traceback: ['\u001b[31mReferenceError: undefinedFunction is not defined\u001b[0m', '    at <anonymous>:1:1'] }],
    },
    { cell_type: 'raw', metadata: { format: 'text/plain' }, source: 'raw text' },
  ],
};

test("a tslab notebook imports: sources, kinds, execution counts, stream, result, PNG and error outputs", () => {
  const { notebook, warnings } = fromIpynb(JSON.stringify(tslabNotebook), 'squares.ipynb');
  assert.deepEqual(notebook.cells.map((c) => [c.kind, c.language]), [['markdown', 'markdown'], ['code', 'typescript'], ['code', 'typescript'], ['code', 'typescript'], ['markdown', 'markdown']]);
  assert.equal(notebook.cells[0]!.source, '# Squares\n\nA *tslab* notebook.');
  const [, first, second, third] = notebook.cells;
  assert.equal(first!.source, "const xs = [1, 2, 3];\nconsole.log('n =', xs.length);\nxs.map((x) => x * x)");
  assert.equal(first!.execution?.order, 1);
  assert.deepEqual(first!.outputs.map((o) => o.items.map((i) => [i.mime, text(i.data)])), [
    [['application/vnd.code.notebook.stdout', 'n = 3\n']],
    [['text/plain', '[ 1, 4, 9 ]']],
  ]);
  const png = second!.outputs[0]!.items.find((i) => i.mime === 'image/png')!;
  assert.deepEqual([...png.data.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const decoded = PNG.sync.read(Buffer.from(png.data));
  assert.deepEqual([decoded.width, ...decoded.data.subarray(4, 8)], [2, 0, 0, 255, 255]);
  assert.equal(second!.outputs.length, 1, 'the widget output, which tlnb cannot show, is dropped');
  assert.deepEqual(warnings, ['cell 3: output type application/vnd.jupyter.widget-view+json dropped (no renderer for it in tlnb)']);
  const error = JSON.parse(text(third!.outputs[0]!.items[0]!.data)) as { name: string; message: string; stack: string };
  assert.deepEqual(error, { name: 'ReferenceError', message: 'undefinedFunction is not defined', stack: 'ReferenceError: undefinedFunction is not defined\n    at <anonymous>:1:1' });
  // The raw cell is kept as a markdown cell marked raw, and exports back as a raw cell.
  const back = exported(notebook);
  assert.ok(validate(back), JSON.stringify(validate.errors));
  assert.equal(back.cells[4]!.cell_type, 'raw');
  assert.deepEqual(back.cells[4]!.metadata, { format: 'text/plain' });
});

test("Deno's and jslab's notebooks import as TypeScript and JavaScript", () => {
  const deno = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: 'Deno', language: 'typescript', name: 'deno' },
      language_info: { codemirror_mode: 'typescript', file_extension: '.ts', mimetype: 'text/x.typescript', name: 'typescript', nbconvert_exporter: 'script', pygments_lexer: 'typescript', version: '5.6.2' },
    },
    cells: [
      {
        id: 'a1b2c3',
        cell_type: 'code',
        execution_count: 1,
        metadata: {},
        source: ['const rows = [{ a: 1 }];\n', 'Deno.jupyter.html`<b>${rows.length}</b>`'],
        outputs: [{ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/html': ['<b>1</b>'], 'text/plain': ['1'] } }],
      },
    ],
  };
  const { notebook } = fromIpynb(JSON.stringify(deno), 'deno.ipynb');
  assert.equal(notebook.cells[0]!.language, 'typescript');
  assert.deepEqual(notebook.cells[0]!.outputs[0]!.items.map((i) => [i.mime, text(i.data)]), [['text/html', '<b>1</b>'], ['text/plain', '1']]);
  const jslab = { ...deno, metadata: { kernelspec: { display_name: 'JavaScript', language: 'javascript', name: 'jslab' } } };
  const js = fromIpynb(JSON.stringify(jslab), 'js.ipynb').notebook;
  assert.equal(js.cells[0]!.language, 'javascript');
  // A JavaScript-only notebook exports with jslab's kernelspec.
  assert.equal(exported(js).metadata.kernelspec?.name, 'jslab');
});

test('notebooks in other languages, older formats and non-notebooks are refused with a message that says why', () => {
  const python = { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' }, language_info: { name: 'python' } }, cells: [] };
  assert.throws(() => fromIpynb(JSON.stringify(python), 'analysis.ipynb'), (e: Error) => {
    assert.ok(e instanceof IpynbImportError);
    assert.equal(e.message, 'analysis.ipynb is a python notebook (kernel "Python 3 (ipykernel)"). tlnb imports TypeScript and JavaScript notebooks only (kernels such as tslab, jslab or Deno); nothing was written.');
    return true;
  });
  assert.throws(() => fromIpynb(JSON.stringify({ ...python, metadata: {} }), 'bare.ipynb'), /bare\.ipynb is a notebook with no kernelspec or language_info saying its language/);
  assert.throws(() => fromIpynb(JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }), 'old.ipynb'), /old\.ipynb uses nbformat 3; tlnb imports nbformat 4\. Open and save it in Jupyter/);
  assert.throws(() => fromIpynb('{"cells": [', 'broken.ipynb'), /broken\.ipynb is not valid JSON/);
  assert.throws(() => fromIpynb('{"tlnb": 1, "cells": []}', 'nb.ipynb'), /nb\.ipynb is not a Jupyter notebook: it has no "nbformat" field/);
});
