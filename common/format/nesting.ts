// Finds JSON nested deeper than tlnb reads, without recursion, before the (recursive) JSON parser
// runs: 5,000 nested lists would otherwise overflow the stack with no position in the message.

/**
 * The deepest nesting of lists and objects a notebook may have. Real notebooks stay under 20 levels;
 * a limit keeps every recursive reader and writer (here, in VS Code, in the kernel) far from the stack's end.
 */
export const MAX_JSON_NESTING = 1000;

/** Offset of the first `[` or `{` that opens level `max + 1`, or -1. Strings are skipped. */
export function tooDeepAt(text: string, max = MAX_JSON_NESTING): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22 || c === 0x0a || c === 0x0d) inString = false; // the JSON parser ends an unclosed string at a line break too
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return -1;
}
