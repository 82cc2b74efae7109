// Restricted Mode for the kernel: no tlnb kernel process may start while the workspace is
// untrusted, because starting one loads packages from the notebook's folder and its parents
// (@tensorflow/tfjs-node(-gpu) in a planted node_modules runs at start). KernelProcess.start()
// calls assertTrusted() before it forks anything, so no path (commands, restart, run, fine-tune)
// can bypass it; the commands also show tlnb's own message with a way to trust the workspace.

import * as vscode from 'vscode';

export const RESTRICTED_KERNEL_MESSAGE =
  'tlnb does not start a kernel in Restricted Mode: a kernel runs this notebook\'s code and loads packages from its folder. ' +
  'Trust the workspace to run cells: Manage Workspace Trust.';

const MANAGE_TRUST = 'Manage Workspace Trust';

/** Thrown by any attempt to start a kernel in an untrusted workspace. */
export class RestrictedModeError extends Error {
  override readonly name = 'RestrictedMode';
  constructor() {
    super(RESTRICTED_KERNEL_MESSAGE);
  }
}

/** Throws RestrictedModeError unless the workspace is trusted. */
export function assertTrusted(): void {
  if (!vscode.workspace.isTrusted) throw new RestrictedModeError();
}

/** tlnb's notification for a refused start, with a button that opens VS Code's trust editor. */
export function showRestrictedMessage(): void {
  void vscode.window.showWarningMessage(RESTRICTED_KERNEL_MESSAGE, MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}
