// "tlnb: Fine-tune Model…" run inside VS Code without its questions (a request as the argument):
// the samples' pretrained MNIST model fine-tuned on a folder of real MNIST PNGs written here.

import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { FinetuneRequest } from '../../../../common/finetuneSettings';
import { MIME } from '../../../../common/outputs';
import { writeDigitFolder } from '../../../fixtures/digitFolder';
import { uriExists } from '../../../../extension/workspaceFs';
import { test } from '../runner';
import { fileUri, readBytes, writeText } from './workspaceFiles';

/** What the command returns (extension/finetune/command.ts). */
interface FinetuneCommandResult {
  status: string;
  outDir?: string;
  reportFile?: string;
  error?: string;
}

const BASE_MODEL = ['samples', 'models', 'mnist-mlp'];

function mnistDir(): string {
  const dir = process.env.TLNB_HOST_TESTS_MNIST_DIR;
  if (!dir) throw new Error('TLNB_HOST_TESTS_MNIST_DIR must name the folder of MNIST\'s IDX files (test/vscode/host.test.ts sets it)');
  return dir;
}

async function modelFiles(): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const [name] of await vscode.workspace.fs.readDirectory(fileUri(...BASE_MODEL))) files.set(name, await readBytes(fileUri(...BASE_MODEL, name)));
  return files;
}

test('"Fine-tune Model…" is in the palette and on model.json files in the Explorer', () => {
  const pkg = vscode.extensions.getExtension('tlnb.tlnb')!.packageJSON as {
    contributes: { commands: Array<{ command: string; title: string; category: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
  };
  const command = pkg.contributes.commands.find((c) => c.command === 'tlnb.finetune');
  assert.deepEqual(command && [command.category, command.title], ['tlnb', 'Fine-tune Model…']);
  const onModel = pkg.contributes.menus['explorer/context']?.find((m) => m.command === 'tlnb.finetune');
  assert.equal(onModel?.when, 'resourceFilename == model.json');
});

test('fine-tunes the sample MNIST model on a folder of digits: new model beside the data, report notebook open with its outputs, base model untouched', async () => {
  const data = fileUri('finetune-digits');
  writeDigitFolder(data.fsPath, { mnistDir: mnistDir(), digits: [5, 6, 7, 8, 9], perClass: 20 });
  const baseBefore = await modelFiles();
  const request: FinetuneRequest = { model: fileUri(...BASE_MODEL, 'model.json').fsPath, data: data.fsPath, settings: { epochs: 2 } };

  const result = await vscode.commands.executeCommand<FinetuneCommandResult>('tlnb.finetune', request);

  assert.equal(result?.status, 'done', result?.error);
  const outDir = vscode.Uri.file(result.outDir!);
  assert.equal(outDir.fsPath, `${data.fsPath}-finetuned-1`);
  assert.equal(dirname(outDir.fsPath), dirname(data.fsPath), 'saved next to the data');
  assert.notEqual(outDir.fsPath, fileUri(...BASE_MODEL).fsPath);
  const saved = (await vscode.workspace.fs.readDirectory(outDir)).map(([name]) => name).sort();
  assert.deepEqual(saved, ['finetune-report.tlnb', 'model.json', 'weights.bin']);
  const savedModel = JSON.parse(new TextDecoder().decode(await readBytes(vscode.Uri.joinPath(outDir, 'model.json')))) as { modelTopology: { config: { layers: Array<{ config: { units?: number } }> } } };
  assert.equal(savedModel.modelTopology.config.layers.at(-1)?.config.units, 5, 'a new output layer for the 5 classes');

  const editor = vscode.window.activeNotebookEditor;
  assert.ok(editor, 'a notebook editor is active');
  assert.equal(editor.notebook.notebookType, 'tlnb');
  assert.equal(editor.notebook.uri.fsPath, join(outDir.fsPath, 'finetune-report.tlnb'));
  assert.equal(result.reportFile, editor.notebook.uri.fsPath);
  const mimes = new Set(editor.notebook.getCells().flatMap((cell) => cell.outputs.flatMap((o) => o.items.map((i) => i.mime))));
  for (const mime of [MIME.training, MIME.confusion, MIME.images]) assert.ok(mimes.has(mime), `the report holds a ${mime} output (has ${[...mimes].join(', ')})`);
  assert.ok(editor.notebook.getCells().some((cell) => cell.kind === vscode.NotebookCellKind.Code && /finetune/.test(cell.document.getText())), 'the run as code cells');

  const baseAfter = await modelFiles();
  assert.deepEqual([...baseAfter.keys()].sort(), [...baseBefore.keys()].sort());
  for (const [name, bytes] of baseBefore) assert.deepEqual(baseAfter.get(name), bytes, `${name} of the base model is byte-identical`);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}, 120_000);

test('a corrupt image is refused with the CLI\'s message naming the file, and nothing is saved', async () => {
  const data = fileUri('finetune-broken');
  writeDigitFolder(data.fsPath, { mnistDir: mnistDir(), digits: [3, 4], perClass: 5 });
  await writeText(vscode.Uri.joinPath(data, '3', 'broken.png'), 'this is not a PNG');
  const result = await vscode.commands.executeCommand<FinetuneCommandResult>('tlnb.finetune', {
    model: fileUri(...BASE_MODEL).fsPath,
    data: data.fsPath,
    settings: { epochs: 1 },
  } satisfies FinetuneRequest);
  assert.equal(result?.status, 'failed');
  assert.match(result.error ?? '', /broken\.png/);
  assert.match(result.error ?? '', /how to fix/);
  assert.equal(await uriExists(fileUri('finetune-broken-finetuned-1')), false);
}, 60_000);
