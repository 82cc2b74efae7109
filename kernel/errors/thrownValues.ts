// Where a cell threw a value that is not an Error (`throw 'str'`, `throw { a: 1 }`, `throw null`).
// Such a value has no stack, and V8's inspector gives no location for it once a cell awaited, so
// the transpiler wraps every `throw` argument in `__tlnb.thrown(value, line, column)` (see
// transpile/rewriteModuleSyntax.ts), which records the cell file and position here and returns the
// value unchanged: user code that catches it sees exactly what was thrown.

export interface ThrowSite {
  /** The cell's file name (its `//# sourceURL`). */
  url: string;
  /** 1-based, in the transpiled cell (the cell registry maps it back to what the user wrote). */
  line: number;
  column: number;
}

const objectSites = new WeakMap<object, ThrowSite>();
/** Primitives cannot key a WeakMap: the latest one thrown is kept (an error is described right after). */
let lastPrimitive: { value: unknown; site: ThrowSite } | undefined;

/** `at name (file:line:col)` or `at file:line:col`. */
const FRAME_FILE = /^\s*at (?:.*?\()?([^()\s]+?):\d+:\d+\)?$/;

export function rememberThrow<T>(value: T, line: number, column: number): T {
  if (value instanceof Error) return value;
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, rememberThrow);
  Error.stackTraceLimit = limit;
  const frame = holder.stack?.split('\n')[1];
  const url = frame ? FRAME_FILE.exec(frame)?.[1] : undefined;
  if (!url) return value;
  const site = { url, line, column };
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') objectSites.set(value as object, site);
  else lastPrimitive = { value, site };
  return value;
}

export function throwSite(value: unknown): ThrowSite | undefined {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') return objectSites.get(value as object);
  return lastPrimitive && Object.is(lastPrimitive.value, value) ? lastPrimitive.site : undefined;
}
