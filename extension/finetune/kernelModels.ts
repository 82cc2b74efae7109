// The fine-tune's way into running notebook kernels: which layers models their variables hold
// (common/protocol.ts list-models), and saving the chosen one into the workspace (save-model).
// Only kernels that have already started are asked; none is started for this.

import { errorMessage } from '../../common/guards';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { TlnbController } from '../execution/controller';
import { kernelModelStem, kernelUnavailableMessage, type KernelAnswer } from './modelChoices';

/** A kernel that does not answer this fast has a cell blocking it; the wizard must not wait longer. */
const LIST_TIMEOUT_MS = 3000;
/** Saving writes the weights once; a minute covers models of hundreds of MB. */
const SAVE_TIMEOUT_MS = 60_000;

const notebookName = (notebook: vscode.NotebookDocument) => basename(notebook.uri.path) || notebook.uri.toString();

export class KernelModels {
  constructor(private readonly controller: TlnbController) {}

  /** One answer per started kernel of an open notebook, asked in parallel. */
  async list(): Promise<KernelAnswer[]> {
    // No kernel runs in Restricted Mode (kernel/workspaceTrust.ts); ask none, start none.
    if (!vscode.workspace.isTrusted) return [];
    const kernels = this.controller.notebookKernels();
    const answers = await Promise.all(
      kernels.map(async (kernel): Promise<KernelAnswer | undefined> => {
        const client = await kernel.started();
        if (!client) return undefined;
        const who = { notebook: kernel.notebook.uri.toString(), notebookName: notebookName(kernel.notebook) };
        try {
          const list = await client.listModels(LIST_TIMEOUT_MS);
          return { ...who, ...list };
        } catch (error) {
          return { ...who, error: errorMessage(error) };
        }
      }),
    );
    return answers.filter((a): a is KernelAnswer => a !== undefined);
  }

  /**
   * Has the kernel of `notebook` save the model in `variable` to a new folder beside the notebook
   * (in the workspace folder for an untitled one) and returns its model.json. Throws what to do
   * when the kernel is gone or busy.
   */
  async save(notebook: string, variable: string): Promise<string> {
    const kernel = this.controller.notebookKernels().find((k) => k.notebook.uri.toString() === notebook);
    const client = await kernel?.started();
    const name = kernel ? notebookName(kernel.notebook) : notebook;
    if (!kernel || !client) throw new Error(`The kernel of ${name} is no longer running, so the model in \`${variable}\` is gone: run its cells again, then pick the model.`);
    const uri = kernel.notebook.uri;
    const dir = uri.scheme === 'file' ? dirname(uri.fsPath) : (vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
    if (!dir) throw new Error(`${name} is not saved and no folder is open, so there is nowhere to save the model in \`${variable}\`: save the notebook first.`);
    let answer;
    try {
      answer = await client.saveModel(variable, dir, kernelModelStem(name, variable), SAVE_TIMEOUT_MS);
    } catch (error) {
      throw new Error(`The kernel of ${name} could not save \`${variable}\`: ${errorMessage(error)}`, { cause: error });
    }
    if ('busy' in answer) throw new Error(kernelUnavailableMessage({ notebook, notebookName: name, busy: answer.busy }));
    return answer.saved.modelFile;
  }
}
