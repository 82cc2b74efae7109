// How an output item's bytes are stored: readable text when they are text, base64 otherwise.

import { base64ToBytes, bytesToBase64 } from '../base64';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();

export type StoredItemData = { text: string } | { base64: string };

/** Text-like MIME types are stored as text so that diffs and reviews can read them. */
export function isTextMime(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    mime === 'application/json' ||
    mime.endsWith('+json') ||
    mime === 'image/svg+xml' ||
    mime === 'application/javascript' ||
    mime.startsWith('application/vnd.code.notebook.')
  );
}

export function encodeItemData(mime: string, data: Uint8Array): StoredItemData {
  if (isTextMime(mime)) {
    try {
      const text = strictUtf8.decode(data);
      // Only when the bytes come back exactly (no BOM or other lossy case) is text safe.
      if (utf8.encode(text).length === data.length) return { text };
    } catch {
      // not valid UTF-8: fall through to base64 so the bytes survive unchanged
    }
  }
  return { base64: bytesToBase64(data) };
}

export function decodeItemData(stored: StoredItemData): Uint8Array {
  if ('text' in stored) return utf8.encode(stored.text);
  return base64ToBytes(stored.base64);
}
