// Wires the kernel side of the extension: the controller, the Output channel "tlnb Kernel", the
// status bar item, the cell tensor marks and the restart commands.

import * as vscode from 'vscode';
import { formatBackendReport } from '../../common/backendReport';
import { NOTEBOOK_TYPE } from '../serializer';
import { CellTensorMarks } from './cellTensorMarks';
import { TlnbController } from './controller';
import { KernelStatusBar } from './kernelStatusBar';
import { LiveTrainingUpdates } from './liveTrainingUpdates';
import { RestrictedModeError, showRestrictedMessage } from './workspaceTrust';

/** Returns the controller, through which the fine-tune reaches the notebooks' running kernels. */
export function registerKernel(context: vscode.ExtensionContext): TlnbController {
  const log = vscode.window.createOutputChannel('tlnb Kernel');
  const marks = new CellTensorMarks();
  const liveTraining = new LiveTrainingUpdates(vscode.notebooks.createRendererMessaging('tlnb.renderer'));
  const controller = new TlnbController(log, marks, liveTraining);
  const activeNotebook = (): vscode.NotebookDocument | undefined => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    return notebook?.notebookType === NOTEBOOK_TYPE ? notebook : undefined;
  };
  context.subscriptions.push(
    log,
    marks,
    liveTraining,
    controller,
    new KernelStatusBar(controller),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => notebook.notebookType === NOTEBOOK_TYPE && controller.closed(notebook)),
    vscode.window.tabGroups.onDidChangeTabs(() => controller.tabsChanged()),
    vscode.commands.registerCommand('tlnb.showKernelOutput', () => log.show(true)),
    vscode.commands.registerCommand('tlnb.showBackendReport', async () => {
      const notebook = activeNotebook();
      const status = notebook ? controller.kernelFor(notebook)?.status : undefined;
      const text = status?.backend
        ? formatBackendReport(status.backend)
        : status?.backendError
          ? `No TensorFlow.js backend could start:\n${status.backendError}`
          : 'No tlnb kernel is running for the active notebook yet: run a cell, then ask again (or run `tlnb doctor` in a terminal).';
      const document = await vscode.workspace.openTextDocument({ content: `${text}\n`, language: 'plaintext' });
      await vscode.window.showTextDocument(document, { preview: true });
    }),
    vscode.commands.registerCommand('tlnb.restartKernel', async () => {
      const notebook = activeNotebook();
      if (notebook) await refusedInRestrictedMode(() => controller.restart(notebook));
    }),
    vscode.commands.registerCommand('tlnb.restartKernelAndRunAll', async () => {
      const notebook = activeNotebook();
      if (!notebook) return;
      // Refused: no Run All either (it would only raise VS Code's own trust dialog after ours).
      if (await refusedInRestrictedMode(() => controller.restart(notebook))) return;
      await vscode.commands.executeCommand('notebook.execute');
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (['tlnb.backend', 'tlnb.nodePath', 'tlnb.wasmThreads'].some((setting) => event.affectsConfiguration(setting))) {
        void vscode.window.showInformationMessage('tlnb: restart the kernel (tlnb: Restart Kernel) for the new setting to take effect.');
      }
    }),
  );
  return controller;
}

/** Runs `start`; a start refused in Restricted Mode shows tlnb's message and returns true. */
async function refusedInRestrictedMode(start: () => Promise<void>): Promise<boolean> {
  try {
    await start();
    return false;
  } catch (error) {
    if (!(error instanceof RestrictedModeError)) throw error;
    showRestrictedMessage();
    return true;
  }
}
