// The notebook renderer for tlnb's output MIME types. Activation only wires things together:
// each output gets a shadow root with the shared stylesheet and a view for its MIME type; a
// re-render of the same output (a live update) goes to the existing view instead of redrawing.

import { isRecord } from '../common/guards';
import type { ActivationFunction, OutputItem } from 'vscode-notebook-renderer';
import { MIME, type TrainingAppendMessage, type TrainingListeningMessage } from '../common/outputs';
import { checkPayload } from './payloadVersion';
import { onThemeChange } from './theme';
import type { OutputView } from './view';
import { mountView, showError } from './viewFactories';

interface Mounted {
  mime: string;
  element: HTMLElement;
  root: HTMLElement;
  view: OutputView<unknown>;
  unsubscribe: () => void;
}

export const activate: ActivationFunction = (context) => {
  const mounted = new Map<string, Mounted>();
  context.onDidReceiveMessage?.((message: unknown) => {
    if (!isTrainingAppend(message)) return;
    const entry = mounted.get(message.outputId);
    if (entry?.mime === MIME.training) entry.view.append?.(message);
  });

  // The extension sends a training output's new points as messages only while a view says it is
  // drawing that output (extension/execution/liveTrainingUpdates.ts); otherwise it replaces the output.
  const tell = (type: TrainingListeningMessage['type'], outputId: string) => {
    const message: TrainingListeningMessage = { type, outputId };
    void context.postMessage?.(message);
  };
  const dispose = (id: string) => {
    const entry = mounted.get(id);
    if (!entry) return;
    entry.unsubscribe();
    entry.view.dispose();
    mounted.delete(id);
    if (entry.mime === MIME.training) tell('tlnb.training.closed', id);
  };

  return {
    renderOutputItem(item: OutputItem, element: HTMLElement) {
      const existing = mounted.get(item.id);
      let payload: unknown;
      try {
        payload = checkPayload(item.mime, item.json());
      } catch (error) {
        if (existing) dispose(item.id);
        showError(element, error);
        return;
      }
      if (existing && existing.mime === item.mime && existing.element === element) {
        existing.view.update(payload);
        return;
      }
      if (existing) dispose(item.id);
      try {
        const { root, view } = mountView(element, item.mime, payload);
        const unsubscribe = onThemeChange(() => view.retheme());
        mounted.set(item.id, { mime: item.mime, element, root, view, unsubscribe });
        if (item.mime === MIME.training) tell('tlnb.training.listening', item.id);
      } catch (error) {
        showError(element, error);
      }
    },
    disposeOutputItem(id?: string) {
      if (id === undefined) [...mounted.keys()].forEach(dispose);
      else dispose(id);
    },
  };
};

function isTrainingAppend(message: unknown): message is TrainingAppendMessage {
  return isRecord(message) && message.type === 'tlnb.training.append' && message.version === 1 && typeof message.outputId === 'string' && Array.isArray(message.runs);
}
