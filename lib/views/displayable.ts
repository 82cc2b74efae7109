// A value that knows how to show itself: display(value) asks it for a MIME bundle through this
// symbol (the hook Deno's display() uses for custom objects), so views need no kernel import.

export const DISPLAY = Symbol.for('tlnb.display');

export type MimeBundle = Record<string, unknown>;

export interface Displayable {
  [DISPLAY](): MimeBundle;
}

export function displayable(bundle: MimeBundle): Displayable {
  return { [DISPLAY]: () => bundle };
}

export function isDisplayable(value: unknown): value is Displayable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Displayable>)[DISPLAY] === 'function';
}
