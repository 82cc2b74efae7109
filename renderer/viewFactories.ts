// Which view draws which tlnb MIME type, and the shadow root each output is drawn into. Shared by
// the notebook renderer (index.ts) and the standalone page of an HTML export (standalone/page.ts).

import { MIME, type TlnbMime } from '../common/outputs';
import { plotView } from './chart/plotView';
import { trainingView } from './chart/trainingView';
import { h } from './dom';
import { modelView } from './graph/modelView';
import { confusionView } from './images/confusionView';
import { imageGridView } from './images/imageGridView';
import { stylesheet } from './styles';
import type { OutputView } from './view';

type ViewFactory = (root: HTMLElement, payload: never) => OutputView<never>;

export const FACTORIES: Record<TlnbMime, ViewFactory> = {
  [MIME.model]: modelView as ViewFactory,
  [MIME.training]: trainingView as ViewFactory,
  [MIME.images]: imageGridView as ViewFactory,
  [MIME.confusion]: confusionView as ViewFactory,
  [MIME.plot]: plotView as ViewFactory,
};

function isTlnbMime(mime: string): mime is TlnbMime {
  return Object.hasOwn(FACTORIES, mime);
}

/** Creates the view for `mime` in a fresh `.tlnb` root inside `element`'s shadow root. */
export function mountView(element: HTMLElement, mime: string, payload: unknown): { root: HTMLElement; view: OutputView<unknown> } {
  if (!isTlnbMime(mime)) throw new Error(`no view for MIME type ${mime}; this renderer draws ${Object.keys(FACTORIES).join(', ')}.`);
  const root = h('div', { class: 'tlnb' });
  shadowOf(element).replaceChildren(root);
  // Payloads are checked by version only (payloadVersion.ts, called before this): each view draws
  // what a kernel of that version writes, and a hand-edited payload may fail inside the view.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- see above: the payload is the view's own MIME type, version-checked
  const view = (FACTORIES[mime] as (root: HTMLElement, payload: unknown) => OutputView<unknown>)(root, payload);
  return { root, view };
}

export function shadowOf(element: HTMLElement): ShadowRoot {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [stylesheet()];
  return shadow;
}

export function showError(element: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  shadowOf(element).replaceChildren(h('div', { class: 'tlnb' }, h('div', { class: 'error' }, `tlnb renderer: ${message}`)));
}
