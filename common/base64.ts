// Base64 for output item bytes, in plain JavaScript so that common/ runs in every runtime (Node's
// Buffer is not in the renderer's webview). Standard alphabet with padding, as Buffer writes it.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

const CODES = new Uint8Array(64).map((_, i) => ALPHABET.charCodeAt(i));
const ascii = new TextDecoder();

export function bytesToBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = CODES[n >> 18]!;
    out[o++] = CODES[(n >> 12) & 63]!;
    out[o++] = CODES[(n >> 6) & 63]!;
    out[o++] = CODES[n & 63]!;
  }
  if (whole < bytes.length) {
    const a = bytes[whole]!;
    const b = whole + 1 < bytes.length ? bytes[whole + 1]! : 0;
    out[o++] = CODES[a >> 2]!;
    out[o++] = CODES[((a & 3) << 4) | (b >> 4)]!;
    out[o++] = whole + 1 < bytes.length ? CODES[(b & 15) << 2]! : 61;
    out[o] = 61;
  }
  return ascii.decode(out);
}

/** Decodes standard base64; whitespace is skipped, any other character outside the alphabet throws. */
export function base64ToBytes(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 61 /* = */) break;
    if (code === 32 || code === 10 || code === 13 || code === 9) continue;
    const value = code < 128 ? VALUES[code]! : -1;
    if (value < 0) throw new Error(`not base64: character ${JSON.stringify(text[i])} at offset ${i}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}
