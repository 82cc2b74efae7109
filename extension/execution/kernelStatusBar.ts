// The status bar item for the active tlnb notebook: its kernel's backend, live tensors and their
// memory (on the webgpu rung, the GPU memory the backend holds), updated after every cell.

import * as vscode from 'vscode';
import { activeGpuName, formatBackendReport } from '../../common/backendReport';
import { memorySummary } from '../../common/memorySummary';
import { NOTEBOOK_TYPE } from '../serializer';
import type { TlnbController } from './controller';
import type { KernelStatus } from './kernelProcess';

export class KernelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tlnb.kernel', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly controller: TlnbController) {
    this.item.name = 'tlnb Kernel';
    this.item.command = 'tlnb.showBackendReport';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh()),
      controller.onKernel((kernel) => this.subscriptions.push(kernel.onStatus(() => this.refresh()))),
    );
    this.refresh();
  }

  private refresh(): void {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const kernel = notebook?.notebookType === NOTEBOOK_TYPE ? this.controller.kernelFor(notebook) : undefined;
    if (!kernel) return this.item.hide();
    const { text, tooltip } = describe(kernel.status);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function describe(status: KernelStatus): { text: string; tooltip: string } {
  if (status.backendError) return { text: '$(error) tlnb: no backend', tooltip: status.backendError };
  if (!status.backend) return { text: '$(loading~spin) tlnb', tooltip: 'The kernel is starting' };
  const memory = memorySummary(status.memory);
  const gpu = activeGpuName(status.backend);
  const device = gpu === undefined ? '' : ` (${gpu.length > 32 ? `${gpu.slice(0, 31)}…` : gpu})`;
  const tooltip = `${formatBackendReport(status.backend)}${memory.tooltip ? `\n\n${memory.tooltip}` : ''}\n\nClick for the full report.`;
  return { text: `$(pulse) ${status.backend.active}${device}${memory.text}`, tooltip };
}
