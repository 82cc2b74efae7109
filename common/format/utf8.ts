// Turns a .tlnb file's bytes into text, refusing bytes that are not UTF-8 instead of replacing them
// with U+FFFD (which a save would then write back, losing the original bytes). Says where the bad
// byte is: its byte offset, and the line and column a text editor shows for it.

import { FormatError } from './formatError';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 exactly. A UTF-8 byte order mark stays in the text as U+FEFF (parseNotebook notes it
 * and the writer puts it back), so decoding never drops a byte.
 */
export function decodeNotebookText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw invalidUtf8Error(bytes);
  }
}

function invalidUtf8Error(bytes: Uint8Array): FormatError {
  const offset = firstInvalidUtf8(bytes);
  const at = offset < 0 ? bytes.length : offset;
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns count UTF-16 code units, as VS Code's positions do; the bytes before `at` are valid.
  let column = strictUtf8.decode(bytes.subarray(lineStart, at)).length + 1;
  if (lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) column--; // editors hide the BOM
  const shown = [...bytes.subarray(at, at + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const why = utf16
    ? 'the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8'
    : `the bytes ${shown} are ${describeInvalid(bytes, at)}; tlnb reads UTF-8 only and does not replace bytes it cannot read. ` +
      'Fix or remove them in a text editor that shows the raw bytes, or re-save the file as UTF-8';
  return new FormatError(`invalid UTF-8 at byte offset ${at}: ${why}`, line, column);
}

function describeInvalid(bytes: Uint8Array, at: number): string {
  const lead = bytes[at]!;
  if (lead === 0xed && bytes[at + 1] !== undefined && bytes[at + 1]! >= 0xa0 && bytes[at + 1]! <= 0xbf) {
    return 'a UTF-16 surrogate encoded as UTF-8 (CESU-8 or a lone surrogate), which UTF-8 does not allow';
  }
  if (lead >= 0x80 && lead <= 0xbf) return 'a continuation byte without a lead byte';
  if (lead === 0xc0 || lead === 0xc1 || lead >= 0xf5) return 'never valid in UTF-8';
  if (at + sequenceLength(lead) > bytes.length) return 'a character cut off by the end of the file';
  return 'not a valid UTF-8 character';
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}

/** Offset of the first byte of the first invalid UTF-8 sequence (the rules of the WHATWG decoder), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let following: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) following = 1;
    else if (lead === 0xe0) [following, low] = [2, 0xa0];
    else if (lead === 0xed) [following, high] = [2, 0x9f]; // no surrogates
    else if (lead >= 0xe1 && lead <= 0xef) following = 2;
    else if (lead === 0xf0) [following, low] = [3, 0x90];
    else if (lead >= 0xf1 && lead <= 0xf3) following = 3;
    else if (lead === 0xf4) [following, high] = [3, 0x8f]; // nothing above U+10FFFF
    else return i;
    for (let k = 1; k <= following; k++) {
      const byte = bytes[i + k];
      if (byte === undefined) return i;
      if (k === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return i;
    }
    i += following + 1;
  }
  return -1;
}
