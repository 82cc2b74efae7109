// Chooses the representations of a value, in a fixed order: the object's own display hook, then
// tfjs objects (tensor, image batch, model, training history), then an array or plain object that
// holds such objects (`model.evaluate()` returns [Tensor, Tensor]): each entry rendered as HTML,
// beside the util.inspect text; then text from util.inspect.

import { isRecord } from '../../common/guards';
import { inspect } from 'node:util';
import { MIME } from '../../common/outputs';
import { loadedTf } from '../tfInstance';
import { historyPayload } from '../training/trainingRecorder';
import { liveHistories } from '../training/liveTraining';
import { DISPLAY_SYMBOL, JUPYTER_DISPLAY_SYMBOL } from './displaySymbol';
import { imageGridBundle, looksLikeImageBatch } from './imageBatch';
import type { MimeBundle } from './mimeBundle';
import { modelBundle } from './modelDisplay';
import { escapeHtml, tensorBundle } from './tensorDisplay';

/**
 * `result`: the value of a cell's last expression (strings shown quoted, as a REPL does);
 * `display`: an explicit display(value) (strings shown as plain text).
 */
export type DisplayMode = 'result' | 'display';

export function bundleFor(value: unknown, mode: DisplayMode): MimeBundle {
  const hooked = hookBundle(value);
  if (hooked) return hooked;
  if (mode === 'display' && typeof value === 'string') return { 'text/plain': value };

  const tf = loadedTf();
  if (tf && typeof value === 'object' && value !== null) {
    if (value instanceof tf.Tensor) return looksLikeImageBatch(value) ? { ...imageGridBundle(value), ...tensorTextOnly(value) } : tensorBundle(value);
    if (value instanceof tf.LayersModel) return modelBundle(value);
    if (isHistory(value)) return historyBundle(value);
    const collection = collectionBundle(value, tf);
    if (collection) return collection;
  }
  return { 'text/plain': inspectText(value) };
}

function inspectText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

/** Entries shown richly in one collection; the rest are counted. */
const COLLECTION_ENTRIES = 50;

/**
 * An array or plain object with at least one tensor, model or history among its entries: an HTML
 * list of the entries, each in its richest form that HTML can hold (a tensor's table; a model's
 * summary and a history's text as preformatted text), and the util.inspect text as before.
 */
function collectionBundle(value: object, tf: NonNullable<ReturnType<typeof loadedTf>>): MimeBundle | undefined {
  const isArray = Array.isArray(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!isArray && prototype !== Object.prototype && prototype !== null) return undefined;
  const entries: Array<[string, unknown]> = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value);
  const isRich = (v: unknown) => typeof v === 'object' && v !== null && (v instanceof tf.Tensor || v instanceof tf.LayersModel || isHistory(v));
  if (!entries.some(([, v]) => isRich(v))) return undefined;
  const shown = entries.slice(0, COLLECTION_ENTRIES).map(([key, v]) => {
    const label = `<code>${escapeHtml(isArray ? `[${key}]` : `${key}:`)}</code>`;
    let body: string;
    if (isRich(v)) {
      const bundle = bundleFor(v, 'display');
      const html = bundle['text/html'];
      body = typeof html === 'string' ? html : `<pre>${escapeHtml(String(bundle['text/plain'] ?? ''))}</pre>`;
    } else {
      body = `<pre style="display: inline">${escapeHtml(inspect(v, { depth: 2, breakLength: 100 }))}</pre>`;
    }
    return `<div class="tlnb-entry">${label} ${body}</div>`;
  });
  const more = entries.length > COLLECTION_ENTRIES ? `<div>… ${entries.length - COLLECTION_ENTRIES} more</div>` : '';
  return { 'text/html': `<div class="tlnb-collection">${shown.join('')}${more}</div>`, 'text/plain': inspectText(value) };
}

function hookBundle(value: unknown): MimeBundle | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const hook: unknown = Reflect.get(value, DISPLAY_SYMBOL) ?? Reflect.get(value, JUPYTER_DISPLAY_SYMBOL);
  if (typeof hook !== 'function') return undefined;
  const bundle = hook.call(value) as unknown;
  if (bundle instanceof Promise) {
    throw new TypeError('a [Symbol.for("tlnb.display")]() method must return a MIME bundle object, not a Promise');
  }
  if (!isRecord(bundle)) {
    throw new TypeError(`a [Symbol.for("tlnb.display")]() method must return an object such as { 'text/html': '<b>hi</b>' }, not ${inspect(bundle)}`);
  }
  return bundle;
}

function tensorTextOnly(value: Parameters<typeof tensorBundle>[0]): MimeBundle {
  return { 'text/plain': tensorBundle(value)['text/plain'] };
}

interface HistoryLike {
  epoch: number[];
  history: Record<string, unknown[]>;
}

function isHistory(value: object): value is HistoryLike {
  const v = value as Partial<HistoryLike>;
  return Array.isArray(v.epoch) && typeof v.history === 'object' && v.history !== null && typeof (value as { onEpochEnd?: unknown }).onEpochEnd === 'function';
}

function historyBundle(history: HistoryLike): MimeBundle {
  const keys = Object.keys(history.history);
  const last = keys.map((k) => `${k} ${Number(history.history[k]!.at(-1)).toFixed(4)}`).join(', ');
  const text = `History: ${history.epoch.length} epoch(s)${last ? `, last: ${last}` : ''}`;
  if (liveHistories.has(history)) return { 'text/plain': `${text} (curves shown above)` };
  return { [MIME.training]: historyPayload(history, 'history'), 'text/plain': text };
}
