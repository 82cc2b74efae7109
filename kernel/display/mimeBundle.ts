// A MIME bundle is one output in several representations, richest first; the notebook shows the
// richest one it can render. Conversion to protocol items lives here, away from the rules that
// decide which representations a value gets (richDisplay.ts).

import { isTextMime } from '../../common/format';
import type { OutputItem } from '../../common/protocol';

/** mime -> data: text as a string, binary as bytes, JSON-based MIME types may take any JSON value. */
export type MimeBundle = Record<string, string | Uint8Array | unknown>;

export function toOutputItems(bundle: MimeBundle): OutputItem[] {
  return Object.entries(bundle).map(([mime, data]) => toItem(mime, data));
}

function toItem(mime: string, data: unknown): OutputItem {
  if (data instanceof Uint8Array) {
    if (isTextMime(mime)) return { mime, text: Buffer.from(data).toString('utf8') };
    return { mime, base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  }
  if (typeof data === 'string') {
    // Binary types given as a string are taken to be base64 already (e.g. a PNG data string).
    return isTextMime(mime) ? { mime, text: data } : { mime, base64: data.replace(/^data:[^,]*;base64,/, '') };
  }
  if (mime === 'application/json' || mime.endsWith('+json')) return { mime, text: JSON.stringify(data) };
  throw new TypeError(`display: the data for ${mime} must be a string or a Uint8Array, not ${typeof data}`);
}
