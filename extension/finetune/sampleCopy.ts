// A sample's pretrained model lives in tlnb's install folder, which a report must not point into
// (it moves with every update). Before a fine-tune it is copied into the workspace, and the run
// starts from the copy. An identical copy made by an earlier run is used again; any other folder
// of that name is left alone and the copy takes the next free name.

import { errorMessage } from '../../common/guards';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { firstUsableName, sampleCopyParent } from './modelChoices';

async function filesOf(folder: vscode.Uri): Promise<Map<string, Uint8Array> | undefined> {
  let entries: Array<[string, vscode.FileType]>;
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return undefined;
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.File) return new Map([['(has a sub-folder)', new Uint8Array()]]);
    files.set(name, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)));
  }
  return files;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Whether two model folders hold the same files, byte for byte (no sub-folders). */
export async function sameModelFolder(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([filesOf(vscode.Uri.file(a)), filesOf(vscode.Uri.file(b))]);
  if (!left || !right || left.size !== right.size) return false;
  return [...left].every(([file, bytes]) => right.has(file) && sameBytes(right.get(file)!, bytes));
}

/** Copies the sample model's folder beside the data (sampleCopyParent) and returns the copy's model.json. */
export async function copySampleModel(sampleModelJson: string, dataPath: string): Promise<string> {
  const source = vscode.Uri.file(dirname(sampleModelJson));
  const sourceFiles = await filesOf(source);
  if (!sourceFiles) throw new Error(`cannot read the sample model's folder ${source.fsPath}`);
  const parent = sampleCopyParent(dataPath, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
  const name = await firstUsableName(basename(source.fsPath), async (candidate) => {
    const existing = await filesOf(vscode.Uri.file(join(parent, candidate)));
    if (!existing) return true;
    return existing.size === sourceFiles.size && [...sourceFiles].every(([file, bytes]) => existing.has(file) && sameBytes(existing.get(file)!, bytes));
  });
  const target = vscode.Uri.file(join(parent, name));
  if (!(await filesOf(target))) {
    try {
      await vscode.workspace.fs.copy(source, target, { overwrite: false });
    } catch (error) {
      throw new Error(`could not copy the sample model into the workspace (${target.fsPath}): ${errorMessage(error)}\n  how to fix: check that the folder is writable, or copy ${source.fsPath} yourself and pick the copy`, { cause: error });
    }
  }
  return join(target.fsPath, 'model.json');
}
