// Small type guards for values whose type the compiler cannot know: JSON read from a file or a
// pipe, messages from another process or a webview, and what a `catch` caught. A cast would claim
// a shape; these check it. A value thrown in another realm (a vm context, a worker) is an Error
// that fails `instanceof Error`, so errors are read by their fields, not their class.

/** A plain object (not null, not an array), whose fields can then be checked one by one. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose `type` field is a string: the shape every tlnb message starts from. */
export function hasType(value: unknown): value is Record<string, unknown> & { type: string } {
  return isRecord(value) && typeof value.type === 'string';
}

/** `error.message` when the caught value has one, else the value as text. */
export function errorMessage(error: unknown): string {
  return isRecord(error) && typeof error.message === 'string' ? error.message : String(error);
}

/** `error.stack` when the caught value has one (it starts with the message), else the message. */
export function errorStack(error: unknown): string {
  return isRecord(error) && typeof error.stack === 'string' ? error.stack : errorMessage(error);
}

/** Node's `error.code` ('ENOENT', 'EEXIST', …), or undefined when the caught value has none. */
export function errorCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}

/** Raised where a `switch` over a union's cases has one for each: `value` is `never` unless a case is missing. */
export function unreachable(value: never, what: string): never {
  throw new Error(`tlnb: unexpected ${what}: ${JSON.stringify(value)}`);
}
