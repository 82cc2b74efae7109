// "tlnb: Open Sample…": lists the tutorial notebooks shipped in samples/ and opens a copy in the
// workspace (samples/ inside the extension stays pristine; a copy the user already edited is never
// replaced without asking).

import * as vscode from 'vscode';
import { uriExists } from './workspaceFs';
import { describeSample, type SampleInfo } from './sampleInfo';

export async function listSamples(extensionUri: vscode.Uri): Promise<SampleInfo[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'samples');
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const files = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.tlnb')).map(([name]) => name).sort();
  return Promise.all(
    files.map(async (file) => describeSample(file, new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, file))))),
  );
}

async function targetFolder(): Promise<vscode.Uri | undefined> {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (workspace) return vscode.Uri.joinPath(workspace.uri, 'tlnb-samples');
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Copy the sample here',
    title: 'tlnb: where should the sample notebook go?',
  });
  return picked?.[0];
}

/** Opens a copy of a sample; `file` skips the picker (used by the walkthrough's links). */
export async function openSample(extensionUri: vscode.Uri, file?: string): Promise<vscode.Uri | undefined> {
  let chosen = file;
  if (!chosen) {
    const samples = await listSamples(extensionUri);
    const pick = await vscode.window.showQuickPick(
      samples.map((s) => ({ label: s.title, description: s.subtitle, detail: s.file, file: s.file })),
      { title: 'tlnb: Open Sample', placeHolder: 'Choose a chapter of the tutorial', matchOnDescription: true, matchOnDetail: true },
    );
    chosen = pick?.file;
  }
  if (!chosen) return undefined;
  const folder = await targetFolder();
  if (!folder) return undefined;
  const source = vscode.Uri.joinPath(extensionUri, 'samples', chosen);
  const target = vscode.Uri.joinPath(folder, chosen);
  if (await uriExists(target)) {
    const choice = await vscode.window.showInformationMessage(
      `${vscode.workspace.asRelativePath(target)} already exists. Open your copy, or replace it with the original (your changes to it are lost)?`,
      'Open My Copy',
      'Replace with Original',
    );
    if (!choice) return undefined;
    if (choice === 'Replace with Original') await vscode.workspace.fs.copy(source, target, { overwrite: true });
  } else {
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.copy(source, target);
  }
  const document = await vscode.workspace.openNotebookDocument(target);
  await vscode.window.showNotebookDocument(document);
  return target;
}

export function registerSampleCommands(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('tlnb.openSample', (file?: unknown) =>
    openSample(context.extensionUri, typeof file === 'string' ? file : undefined),
  );
}

