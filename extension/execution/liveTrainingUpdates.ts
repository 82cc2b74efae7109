// The fast path for live training charts. The kernel re-sends a fit's whole training payload up to
// 10 times a second (lib/training/liveTraining.ts); replacing the output each time makes the
// webview re-parse all of it. Instead, while the renderer says it is drawing that output, only the
// new points go to it as a renderer message (TrainingAppendMessage), and the output itself is
// replaced at most every REPLACE_INTERVAL_MS and once at the end, so the saved notebook is
// complete. Outputs no renderer is drawing (a hidden notebook, an old VS Code) are replaced as before.

import { isRecord } from '../../common/guards';
import * as vscode from 'vscode';
import { MIME, type TrainingPayload } from '../../common/outputs';
import type { OutputItem } from '../../common/protocol';
import { shownTraining, trainingDelta, type ShownTraining } from './trainingDelta';

/** How often a live training output is still replaced while its points travel as messages. */
export const REPLACE_INTERVAL_MS = 2000;

interface OutputState {
  shown: ShownTraining;
  replacedAt: number;
  /** The newest items, when the output has not been replaced with them yet. */
  unsaved?: OutputItem[];
}

export class LiveTrainingUpdates implements vscode.Disposable {
  /** Output ids a renderer is drawing now (it says so when it mounts and disposes one). */
  private readonly listening = new Set<string>();
  private readonly states = new WeakMap<vscode.NotebookCellOutput, OutputState>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly messaging: vscode.NotebookRendererMessaging,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.subscription = messaging.onDidReceiveMessage(({ message }) => {
      const m: unknown = message;
      if (!isRecord(m) || typeof m.outputId !== 'string') return;
      if (m.type === 'tlnb.training.listening') this.listening.add(m.outputId);
      else if (m.type === 'tlnb.training.closed') this.listening.delete(m.outputId);
    });
  }

  /** After the output was created or replaced with `items`. */
  replaced(output: vscode.NotebookCellOutput, items: OutputItem[]): void {
    const payload = trainingPayload(items);
    if (payload) this.states.set(output, { shown: shownTraining(payload), replacedAt: this.now() });
    else this.states.delete(output);
  }

  /**
   * Sends the new points of `items` to the renderer drawing `output`. False when the output must
   * be replaced instead: not a training output, no renderer listening, or its time to be saved.
   */
  async sendUpdate(notebook: vscode.NotebookDocument, output: vscode.NotebookCellOutput, items: OutputItem[]): Promise<boolean> {
    const state = this.states.get(output);
    const id = outputId(output);
    if (!state || id === undefined || !this.listening.has(id) || this.now() - state.replacedAt >= REPLACE_INTERVAL_MS) return false;
    const payload = trainingPayload(items);
    const delta = payload && trainingDelta(state.shown, payload, id);
    if (!delta) return false;
    if (delta.message) {
      const editors = vscode.window.visibleNotebookEditors.filter((e) => e.notebook === notebook);
      let delivered = false;
      for (const editor of editors) delivered = (await this.messaging.postMessage(delta.message, editor)) || delivered;
      if (!delivered) return false;
    }
    state.shown = delta.shown;
    state.unsaved = items;
    return true;
  }

  /** The items an output still has to be replaced with so that it is complete (then forgotten). */
  takeUnsaved(output: vscode.NotebookCellOutput): OutputItem[] | undefined {
    const state = this.states.get(output);
    const unsaved = state?.unsaved;
    if (state) state.unsaved = undefined;
    return unsaved;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * The output's id, which the renderer sees as its OutputItem's `id`. VS Code's NotebookCellOutput
 * has it at run time (set in its constructor) though @types/vscode 1.95 does not declare it.
 */
function outputId(output: vscode.NotebookCellOutput): string | undefined {
  const id = (output as vscode.NotebookCellOutput & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function trainingPayload(items: OutputItem[]): TrainingPayload | undefined {
  const item = items.find((i) => i.mime === MIME.training);
  if (!item || !('text' in item)) return undefined;
  try {
    const payload: unknown = JSON.parse(item.text);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the kernel's own training payload (lib/training), version and runs checked
    return isRecord(payload) && payload.version === 1 && Array.isArray(payload.runs) ? (payload as unknown as TrainingPayload) : undefined;
  } catch {
    return undefined;
  }
}
