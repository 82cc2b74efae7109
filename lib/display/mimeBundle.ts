// A MIME bundle is one output in several representations, richest first; the notebook shows the
// richest one it can render. Conversion to protocol items (common/format's item encoding) lives here, away from the rules that
// decide which representations a value gets (richDisplay.ts).

import { encodeItemData, isTextMime } from '../../common/format';
import type { OutputItem } from '../../common/protocol';

/** mime -> data: text as a string, binary as bytes, JSON-based MIME types may take any JSON value. */
export type MimeBundle = Record<string, string | Uint8Array | unknown>;

export function toOutputItems(bundle: MimeBundle): OutputItem[] {
  return Object.entries(bundle).map(([mime, data]) => toItem(mime, data));
}

function toItem(mime: string, data: unknown): OutputItem {
  // Text only when the bytes survive the round trip (valid UTF-8), else base64: the same rule as the file format.
  if (data instanceof Uint8Array) return { mime, ...encodeItemData(mime, data) };
  if (typeof data === 'string') {
    // Binary types given as a string are taken to be base64 already (e.g. a PNG data string).
    return isTextMime(mime) ? { mime, text: data } : { mime, base64: data.replace(/^data:[^,]*;base64,/, '') };
  }
  if (mime === 'application/json' || mime.endsWith('+json')) return { mime, text: JSON.stringify(data) };
  throw new TypeError(`display: the data for ${mime} must be a string or a Uint8Array, not ${typeof data}`);
}
