// The notebook renderer for tlnb's output MIME types. Activation only wires things together:
// each output gets a shadow root with the shared stylesheet and a view for its MIME type; a
// re-render of the same output (a live update) goes to the existing view instead of redrawing.

import type { ActivationFunction, OutputItem } from 'vscode-notebook-renderer';
import { MIME, type TlnbMime, type TrainingAppendMessage } from '../common/outputs';
import { trainingView } from './chart/trainingView';
import { plotView } from './chart/plotView';
import { h } from './dom';
import { modelView } from './graph/modelView';
import { confusionView } from './images/confusionView';
import { imageGridView } from './images/imageGridView';
import { checkPayload } from './payloadVersion';
import { stylesheet } from './styles';
import { onThemeChange } from './theme';
import type { OutputView } from './view';

type ViewFactory = (root: HTMLElement, payload: never) => OutputView<never>;

const FACTORIES: Record<TlnbMime, ViewFactory> = {
  [MIME.model]: modelView as ViewFactory,
  [MIME.training]: trainingView as ViewFactory,
  [MIME.images]: imageGridView as ViewFactory,
  [MIME.confusion]: confusionView as ViewFactory,
  [MIME.plot]: plotView as ViewFactory,
};

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
    if (entry?.mime === MIME.training) (entry.view as ReturnType<typeof trainingView>).append(message);
  });

  const dispose = (id: string) => {
    const entry = mounted.get(id);
    if (!entry) return;
    entry.unsubscribe();
    entry.view.dispose();
    mounted.delete(id);
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
      const factory = FACTORIES[item.mime as TlnbMime];
      const root = h('div', { class: 'tlnb' });
      shadowOf(element).replaceChildren(root);
      try {
        const view = (factory as (root: HTMLElement, payload: unknown) => OutputView<unknown>)(root, payload);
        const unsubscribe = onThemeChange(() => view.retheme());
        mounted.set(item.id, { mime: item.mime, element, root, view, unsubscribe });
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

function shadowOf(element: HTMLElement): ShadowRoot {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [stylesheet()];
  return shadow;
}

function showError(element: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  shadowOf(element).replaceChildren(h('div', { class: 'tlnb' }, h('div', { class: 'error' }, `tlnb renderer: ${message}`)));
}

function isTrainingAppend(message: unknown): message is TrainingAppendMessage {
  const m = message as Partial<TrainingAppendMessage> | null;
  return typeof m === 'object' && m !== null && m.type === 'tlnb.training.append' && m.version === 1 && typeof m.outputId === 'string' && Array.isArray(m.runs);
}
