// Opening, editing and saving .tlnb files through VS Code's notebook API, and refusing bad files.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseNotebook, serializeNotebook } from '../../../../common/format';
import { BAD_NOTEBOOKS } from '../../../fixtures/badNotebooks';
import { test } from '../runner';
import { fileUri, readBytes, readText, workspaceRoot, writeText } from './workspaceFiles';

const utf8 = (text: string) => new TextEncoder().encode(text);

test('every shipped sample opens as a tlnb notebook with its cells', async () => {
  const entries = await vscode.workspace.fs.readDirectory(fileUri('samples'));
  const samples = entries.filter(([name]) => name.endsWith('.tlnb'));
  assert.ok(samples.length > 0, 'samples/ holds notebooks');
  for (const [name] of samples) {
    const uri = fileUri('samples', name);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(notebook.notebookType, 'tlnb', name);
    const file = parseNotebook(await readText(uri));
    assert.equal(notebook.cellCount, file.cells.length, `${name}: cell count`);
    notebook.getCells().forEach((cell, i) => {
      assert.equal(cell.document.getText(), file.cells[i]!.source, `${name}: cell ${i} source`);
      const kind = file.cells[i]!.kind === 'code' ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup;
      assert.equal(cell.kind, kind, `${name}: cell ${i} kind`);
    });
  }
});

for (const bad of BAD_NOTEBOOKS) {
  test(`a bad file (${bad.name}) is refused with its place and problem, and left unchanged`, async () => {
    const uri = fileUri('bad', `${bad.name}.tlnb`);
    await vscode.workspace.fs.writeFile(uri, bad.bytes ?? utf8(bad.text));
    const before = await readBytes(uri);
    await assert.rejects(Promise.resolve(vscode.workspace.openNotebookDocument(uri)), (error: Error) => {
      assert.match(error.message, new RegExp(`line ${bad.line}, column ${bad.column}: `));
      assert.match(error.message, bad.problem);
      assert.match(error.message, /The file was not changed/);
      return true;
    });
    assert.deepEqual(await readBytes(uri), before, 'bytes on disk unchanged');
  });
}

test('a file with a UTF-8 byte order mark opens, and saving keeps the mark and every other byte', async () => {
  const uri = fileUri('bom.tlnb');
  const body = serializeNotebook({ metadata: {}, extra: {}, cells: [{ kind: 'code', language: 'typescript', source: '1 + 1', metadata: {}, outputs: [], extra: {} }] });
  await vscode.workspace.fs.writeFile(uri, new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(body)]));
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.set(uri, [vscode.NotebookEdit.updateCellMetadata(0, { tags: ['x'] })]);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await notebook.save());
  const saved = await readBytes(uri);
  assert.deepEqual([...saved.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.deepEqual(parseNotebook(new TextDecoder().decode(saved)).cells[0]!.metadata, { tags: ['x'] });
});

test('an empty file opens as an empty notebook and saves in canonical form', async () => {
  const uri = fileUri('empty.tlnb');
  await writeText(uri, '');
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  assert.equal(notebook.cellCount, 0);
  const edit = new vscode.WorkspaceEdit();
  edit.set(uri, [vscode.NotebookEdit.insertCells(0, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, '1 + 1', 'typescript')])]);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await notebook.save());
  const text = await readText(uri);
  assert.equal(serializeNotebook(parseNotebook(text)), text);
  assert.deepEqual(parseNotebook(text).cells.map((c) => c.source), ['1 + 1']);
});

test('editing and saving keeps fields tlnb does not know, at every level', async () => {
  const uri = fileUri('unknown-fields.tlnb');
  await writeText(
    uri,
    JSON.stringify({
      tlnb: 1,
      generator: { name: 'another tool', version: 3 },
      cells: [
        {
          kind: 'code',
          source: ['const a = 1;'],
          reviewer: 'ann',
          execution: { order: 4, host: 'gpu-box' },
          outputs: [{ items: [{ mime: 'text/plain', text: '1', encoding: 'utf8' }], id: 'x1' }],
        },
      ],
    }),
  );
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.set(uri, [vscode.NotebookEdit.insertCells(1, [new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# added', 'markdown')])]);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await notebook.save());
  const saved = parseNotebook(await readText(uri));
  assert.deepEqual(saved.extra, { generator: { name: 'another tool', version: 3 } });
  assert.deepEqual(saved.cells[0]!.extra, { reviewer: 'ann' });
  assert.deepEqual(saved.cells[0]!.execution?.extra, { host: 'gpu-box' });
  assert.equal(saved.cells[0]!.execution?.order, 4);
  assert.deepEqual(saved.cells[0]!.outputs[0]!.extra, { id: 'x1' });
  assert.deepEqual(saved.cells[0]!.outputs[0]!.items[0]!.extra, { encoding: 'utf8' });
  assert.equal(saved.cells[1]!.source, '# added');
});

test('outputs, execution order and timing are saved with their MIME items and read back', async () => {
  const uri = fileUri('outputs.tlnb');
  await writeText(uri, serializeNotebook({ metadata: {}, extra: {}, cells: [{ kind: 'code', language: 'typescript', source: 'x', metadata: {}, outputs: [], extra: {} }] }));
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 1, 2, 255]);
  const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'display(x)', 'typescript');
  cell.outputs = [
    new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stdout('step 1\nstep 2\n')]),
    new vscode.NotebookCellOutput([new vscode.NotebookCellOutputItem(png, 'image/png'), vscode.NotebookCellOutputItem.text('an image')]),
    new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.json({ loss: [0.5, 0.25] }, 'application/vnd.tlnb.training+json')]),
  ];
  cell.executionSummary = { executionOrder: 7, success: true, timing: { startTime: 1_700_000_000_000, endTime: 1_700_000_000_250 } };
  const edit = new vscode.WorkspaceEdit();
  edit.set(uri, [vscode.NotebookEdit.replaceCells(new vscode.NotebookRange(0, 1), [cell])]);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await notebook.save());

  const text = await readText(uri);
  assert.match(text, /"mime": "application\/vnd.code.notebook.stdout",\n\s+"text": "step 1\\nstep 2\\n"/);
  assert.match(text, /"mime": "image\/png",\n\s+"base64": "iVBORw0KGgoAAQL\/"/);
  assert.match(text, /"execution": \{\n\s+"order": 7,\n\s+"success": true,\n\s+"startTime": 1700000000000,\n\s+"endTime": 1700000000250\n/);

  // A second file with the same bytes opens to the same outputs.
  const copy = fileUri('outputs-copy.tlnb');
  await vscode.workspace.fs.writeFile(copy, utf8(text));
  const reopened = await vscode.workspace.openNotebookDocument(copy);
  const outputs = reopened.cellAt(0).outputs;
  assert.equal(outputs.length, 3);
  assert.deepEqual([...outputs[1]!.items[0]!.data], [...png]);
  assert.equal(outputs[1]!.items[0]!.mime, 'image/png');
  assert.deepEqual(JSON.parse(new TextDecoder().decode(outputs[2]!.items[0]!.data)), { loss: [0.5, 0.25] });
  assert.equal(reopened.cellAt(0).executionSummary?.executionOrder, 7);
  assert.deepEqual(reopened.cellAt(0).executionSummary?.timing, { startTime: 1_700_000_000_000, endTime: 1_700_000_000_250 });
});

test('a file tlnb wrote survives edit, save, undo-edit, save byte for byte', async () => {
  const source = fileUri('samples', '00-welcome.tlnb');
  const uri = fileUri('roundtrip.tlnb');
  const original = await readBytes(source);
  await vscode.workspace.fs.writeFile(uri, original);
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  const insert = new vscode.WorkspaceEdit();
  insert.set(uri, [vscode.NotebookEdit.insertCells(0, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'let t = 0;', 'typescript')])]);
  assert.ok(await vscode.workspace.applyEdit(insert));
  assert.ok(await notebook.save());
  assert.notDeepEqual(await readBytes(uri), original);
  const remove = new vscode.WorkspaceEdit();
  remove.set(uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(0, 1))]);
  assert.ok(await vscode.workspace.applyEdit(remove));
  assert.ok(await notebook.save());
  assert.deepEqual(await readBytes(uri), original);
});

test('the workspace root is where the harness put it', () => {
  assert.ok(workspaceRoot().path.endsWith('/workspace'));
});
