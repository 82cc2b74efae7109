// The `display` function cells call (a global, and an export of the `tlnb` module):
//   display(value)                 rich display of any value (see richDisplay.ts)
//   display.html / markdown / svg  text of that type
//   display.png(bytes | base64)    a PNG image
//   display.json(value)            JSON, shown as a collapsible tree
//   display.images(tensor, opts)   an image grid from a batch of images
//   display.mime(bundle)           a ready MIME bundle, e.g. { 'text/html': ..., 'text/plain': ... }
// Each returns a handle whose update(value) replaces that output in place.

import { isRecord } from '../../common/guards';
import type { Tensor } from '@tensorflow/tfjs';
import type { OutputItem } from '../../common/protocol';
import { loadedTf } from '../tfInstance';
import { imageGridBundle, type ImageOptions } from './imageBatch';
import { toOutputItems, type MimeBundle } from './mimeBundle';
import { bundleFor } from './richDisplay';

export interface DisplayHandle {
  readonly displayId: string;
  /** Replaces the output with a new value, shown the way the original call showed its value. */
  update(value: unknown): void;
}

/**
 * The handle display() returns. A cell whose last line is a display() call has shown its value
 * already, so the kernel does not show the handle as the cell's result (isDisplayHandle).
 */
class OutputHandle implements DisplayHandle {
  constructor(
    readonly displayId: string,
    readonly update: (value: unknown) => void,
  ) {}
}

export function isDisplayHandle(value: unknown): value is DisplayHandle {
  return value instanceof OutputHandle;
}

export interface DisplaySink {
  show(displayId: string, items: OutputItem[]): void;
  update(displayId: string, items: OutputItem[]): void;
}

export type DisplayFunction = ((value: unknown) => DisplayHandle) & {
  html(html: string): DisplayHandle;
  markdown(markdown: string): DisplayHandle;
  svg(svg: string): DisplayHandle;
  png(png: Uint8Array | string): DisplayHandle;
  json(value: unknown): DisplayHandle;
  images(tensor: unknown, options?: ImageOptions): DisplayHandle;
  mime(bundle: MimeBundle): DisplayHandle;
};

export function createDisplay(sink: DisplaySink, newDisplayId: () => string): DisplayFunction {
  const showWith = (toBundle: (value: unknown) => MimeBundle) => (value: unknown): DisplayHandle => {
    const displayId = newDisplayId();
    sink.show(displayId, toOutputItems(toBundle(value)));
    return new OutputHandle(displayId, (next: unknown) => sink.update(displayId, toOutputItems(toBundle(next))));
  };
  const display: DisplayFunction = Object.assign(
    showWith((value) => bundleFor(value, 'display')),
    {
      html: showWith((v) => ({ 'text/html': String(v) })),
      markdown: showWith((v) => ({ 'text/markdown': String(v) })),
      svg: showWith((v) => ({ 'image/svg+xml': String(v) })),
      png: showWith((v) => {
        if (!(v instanceof Uint8Array) && typeof v !== 'string') throw new TypeError(`display.png takes PNG bytes (a Uint8Array) or base64 text, not ${typeof v}`);
        return { 'image/png': v };
      }),
      json: showWith((v) => ({ 'application/json': v, 'text/plain': JSON.stringify(v, null, 2) })),
      mime: showWith((v) => {
        if (!isRecord(v)) throw new TypeError("display.mime takes a MIME bundle object such as { 'text/html': '<b>hi</b>' }");
        return v;
      }),
      images: (tensor: unknown, options?: ImageOptions) => showWith((v) => withTensor(v, (t) => imageGridBundle(t, options)))(tensor),
    },
  );
  return display;
}

/** Runs `use` on the value as a tensor; a tensor made here from nested arrays is disposed after. */
function withTensor<T>(value: unknown, use: (tensor: Tensor) => T): T {
  const tf = loadedTf();
  if (!tf) throw new Error("display.images needs TensorFlow.js: import it first (import * as tf from '@tensorflow/tfjs')");
  if (value instanceof tf.Tensor) return use(value);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- nested arrays from the cell: tf.tensor checks them and throws its own error
  const tensor = tf.tensor(value as number[]);
  try {
    return use(tensor);
  } finally {
    tensor.dispose();
  }
}
