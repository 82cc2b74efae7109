// Writes one execution's kernel events into its cell, the way the notebook expects: stream text is
// appended to the current stream output (appendOutputItems, never rewriting what is there, and
// batched so a chatty loop does not flood the editor), displays become outputs that their
// updates replace in place, errors become error outputs. Operations keep the kernel's order.

import * as vscode from 'vscode';
import type { ExecutionEvent } from '../../common/kernelClient';
import type { CellErrorInfo, OutputItem } from '../../common/protocol';
import type { LiveTrainingUpdates } from './liveTrainingUpdates';

/** Stream text is gathered for this long before it is appended. */
const STREAM_FLUSH_MS = 50;

export class OutputWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly displays = new Map<string, vscode.NotebookCellOutput>();
  private lastStream: { name: 'stdout' | 'stderr'; output: vscode.NotebookCellOutput } | undefined;
  private pendingStream: { name: 'stdout' | 'stderr'; text: string } | undefined;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly execution: vscode.NotebookCellExecution,
    /** Live training charts: new points as renderer messages instead of replacing the output. */
    private readonly live?: LiveTrainingUpdates,
  ) {}

  add(event: ExecutionEvent): void {
    if (event.type === 'stream') {
      if (this.pendingStream && this.pendingStream.name !== event.name) this.flushStream();
      this.pendingStream = { name: event.name, text: (this.pendingStream?.text ?? '') + event.text };
      this.flushTimer ??= setTimeout(() => this.flushStream(), STREAM_FLUSH_MS);
      return;
    }
    this.flushStream();
    if (event.type === 'display') {
      const output = new vscode.NotebookCellOutput(event.items.map(toVsItem), { displayId: event.displayId });
      this.displays.set(event.displayId, output);
      this.lastStream = undefined;
      this.enqueue(async () => {
        await this.execution.appendOutput(output);
        this.live?.replaced(output, event.items);
      });
    } else if (event.type === 'update-display') {
      const output = this.displays.get(event.displayId);
      if (output) this.enqueue(() => this.updateDisplay(output, event.items));
    } else {
      this.error(event.error);
    }
  }

  error(error: CellErrorInfo): void {
    this.flushStream();
    this.lastStream = undefined;
    const item = vscode.NotebookCellOutputItem.error(Object.assign(new Error(error.message), { name: error.name, stack: error.stack }));
    this.enqueue(() => this.execution.appendOutput(new vscode.NotebookCellOutput([item])));
  }

  /** Resolves once every event so far is in the cell (live outputs replaced with their last state). */
  async flush(): Promise<void> {
    this.flushStream();
    for (const output of this.displays.values()) {
      this.enqueue(async () => {
        const unsaved = this.live?.takeUnsaved(output);
        if (unsaved) await this.replace(output, unsaved);
      });
    }
    await this.chain;
  }

  private async updateDisplay(output: vscode.NotebookCellOutput, items: OutputItem[]): Promise<void> {
    if (this.live && (await this.live.sendUpdate(this.execution.cell.notebook, output, items))) return;
    await this.replace(output, items);
  }

  private async replace(output: vscode.NotebookCellOutput, items: OutputItem[]): Promise<void> {
    await this.execution.replaceOutputItems(items.map(toVsItem), output);
    this.live?.replaced(output, items);
  }

  private flushStream(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const pending = this.pendingStream;
    if (!pending) return;
    this.pendingStream = undefined;
    const item = pending.name === 'stdout' ? vscode.NotebookCellOutputItem.stdout(pending.text) : vscode.NotebookCellOutputItem.stderr(pending.text);
    const last = this.lastStream;
    if (last && last.name === pending.name) {
      this.enqueue(() => this.execution.appendOutputItems(item, last.output));
    } else {
      const output = new vscode.NotebookCellOutput([item]);
      this.lastStream = { name: pending.name, output };
      this.enqueue(() => this.execution.appendOutput(output));
    }
  }

  private enqueue(operation: () => Thenable<void>): void {
    this.chain = this.chain.then(operation, operation);
  }
}

function toVsItem(item: OutputItem): vscode.NotebookCellOutputItem {
  const data = 'text' in item ? Buffer.from(item.text, 'utf8') : Buffer.from(item.base64, 'base64');
  return new vscode.NotebookCellOutputItem(data, item.mime);
}
