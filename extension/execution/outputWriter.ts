// Writes one execution's kernel events into its cell, the way the notebook expects: stream text is
// appended to the current stream output (appendOutputItems, never rewriting what is there, and
// batched so a chatty loop does not flood the editor), displays become outputs that their
// updates replace in place, errors become error outputs. Operations keep the kernel's order.
// After the execution ended, output that code the cell started writes later (a timer's text or
// error, a display handle updated from a later cell) still reaches this cell: each late operation
// runs in a short-lived execution of the cell that restores its order, result and timing, as
// vscode-jupyter does for update_display_data. A writer whose cell ran again is retired.

import * as vscode from 'vscode';
import type { ExecutionEvent } from '../../common/node/kernelClient';
import { decodeItemData } from '../../common/format';
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
  /** Set once the execution has ended: opens a temporary execution of the cell for late output. */
  private reopen: (() => vscode.NotebookCellExecution | undefined) | undefined;
  private retired = false;

  constructor(
    private execution: vscode.NotebookCellExecution,
    /** Live training charts: new points as renderer messages instead of replacing the output. */
    private readonly live?: LiveTrainingUpdates,
  ) {}

  /** The execution has ended; later events go through `reopen` (undefined: the cell is busy or gone). */
  ended(reopen: () => vscode.NotebookCellExecution | undefined): void {
    this.reopen = reopen;
  }

  /**
   * The cell runs again: late events of this execution are dropped from now on. Resolves once a
   * temporary execution in progress has ended (a cell has one execution at a time).
   */
  retire(): Promise<void> {
    this.retired = true;
    clearTimeout(this.flushTimer);
    this.pendingStream = undefined;
    return this.chain.then(
      () => undefined,
      () => undefined,
    );
  }

  add(event: ExecutionEvent): void {
    if (this.retired) return;
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
    const reopen = this.reopen;
    const run = reopen ? () => this.late(reopen, operation) : operation;
    this.chain = this.chain.then(run, run);
  }

  private async late(reopen: () => vscode.NotebookCellExecution | undefined, operation: () => Thenable<void>): Promise<void> {
    if (this.retired) return;
    const temporary = reopen();
    if (!temporary) return;
    const summary = temporary.cell.executionSummary;
    temporary.start(summary?.timing?.startTime);
    if (summary?.executionOrder !== undefined) temporary.executionOrder = summary.executionOrder;
    this.execution = temporary;
    try {
      await operation();
    } finally {
      temporary.end(summary?.success, summary?.timing?.endTime);
    }
  }
}

function toVsItem(item: OutputItem): vscode.NotebookCellOutputItem {
  return new vscode.NotebookCellOutputItem(decodeItemData(item), item.mime);
}
