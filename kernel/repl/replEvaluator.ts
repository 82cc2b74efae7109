// Evaluates cell code through V8's inspector with `replMode: true`, the mode Chrome DevTools'
// console uses: top-level `const`/`let`/`class` persist across evaluations and may be declared
// again, top-level `await` works (loops and `for await` included), and the completion value of the
// last statement comes back. Code runs in the kernel's own global context, so arrays and typed
// arrays made in a cell are the same classes tfjs checks against with `instanceof`.

import { isRecord } from '../../common/guards';
import { Session } from 'node:inspector';

/** Where V8 saw the exception: a script URL (a cell's `//# sourceURL`) and a 1-based line and column. */
export interface ThrowLocation {
  url: string;
  line: number;
  column: number;
}

export type Evaluation = { ok: true; value: unknown } | { ok: false; thrown: unknown; location?: ThrowLocation };

interface RemoteObject {
  type: string;
  subtype?: string;
  value?: unknown;
  unserializableValue?: string;
  objectId?: string;
}

interface EvaluateResult {
  result: RemoteObject;
  exceptionDetails?: {
    exception?: RemoteObject;
    text: string;
    url?: string;
    lineNumber?: number;
    columnNumber?: number;
    stackTrace?: { callFrames: Array<{ url: string; lineNumber: number; columnNumber: number }> };
  };
}

/** Remote objects of one evaluation live in this group and are released once captured. */
const OBJECT_GROUP = 'tlnb-cell';
const CAPTURE_SLOT = Symbol.for('tlnb.kernel.capture');

export class ReplEvaluator {
  private readonly session = new Session();

  constructor() {
    this.session.connect();
  }

  /**
   * Runs `code` (a script; see transpile/rewriteModuleSyntax.ts). Resolves when the code, including
   * every top-level await, has finished. If the execution is terminated (interrupt of a blocked
   * cell), the returned promise never settles: callers must not wait on it alone.
   */
  evaluate(code: string): Promise<Evaluation> {
    return new Promise((resolve, reject) => {
      // Nothing may follow this call in the same tick: a terminated execution unwinds every frame
      // on the stack, this one included.
      this.session.post(
        'Runtime.evaluate',
        { expression: code, replMode: true, awaitPromise: true, objectGroup: OBJECT_GROUP },
        (error, response) => {
          if (error) return reject(error);
          // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the inspector's Runtime.evaluate reply; @types/node lacks replMode, so post's typed overload does not apply
          void this.settle(response as EvaluateResult).then(resolve, reject);
        },
      );
    });
  }

  /**
   * The values of the notebook's top-level names: its `let`/`const`/`class` declarations (which in
   * REPL mode live in the global lexical scope, not on globalThis) and the enumerable properties of
   * globalThis (`var`, functions, assignments). A name still in its temporal dead zone is left out.
   * Reads values only; runs no cell code.
   */
  async globalBindings(): Promise<Map<string, unknown>> {
    const lexical = await new Promise<string[]>((resolve, reject) =>
      this.session.post('Runtime.globalLexicalScopeNames', {}, (error, response) => (error ? reject(error) : resolve((response as { names: string[] }).names))),
    );
    const bindings = new Map<string, unknown>();
    for (const name of Object.keys(globalThis)) bindings.set(name, (globalThis as Record<string, unknown>)[name]);
    const names = lexical.filter((name) => /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name));
    if (names.length === 0) return bindings;
    // One evaluation reads them all into the capture slot; V8 gives the names, so they are identifiers.
    const reads = names.map((name) => `(() => { try { return [${JSON.stringify(name)}, ${name}]; } catch { return undefined; } })()`);
    await new Promise<void>((resolve, reject) =>
      this.session.post(
        'Runtime.evaluate',
        { expression: `globalThis[Symbol.for('tlnb.kernel.capture')] = [${reads.join(', ')}]; undefined`, silent: true },
        (error, response) => (error ? reject(error) : isRecord(response) && response.exceptionDetails ? reject(new Error('reading the notebook\'s variables failed')) : resolve()),
      ),
    );
    const pairs: unknown = Reflect.get(globalThis, CAPTURE_SLOT);
    Reflect.deleteProperty(globalThis, CAPTURE_SLOT);
    if (!Array.isArray(pairs)) throw new Error('reading the notebook\'s variables failed: nothing was captured');
    for (const pair of pairs) if (Array.isArray(pair) && typeof pair[0] === 'string') bindings.set(pair[0], pair[1]);
    return bindings;
  }

  private async settle(response: EvaluateResult): Promise<Evaluation> {
    try {
      const details = response.exceptionDetails;
      if (details) {
        const thrown = await this.toValue(details.exception ?? response.result);
        const location = throwLocation(details);
        return location ? { ok: false, thrown, location } : { ok: false, thrown };
      }
      return { ok: true, value: await this.toValue(response.result) };
    } finally {
      this.session.post('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP });
    }
  }

  /** The real JavaScript value behind a remote object (same process, same context). */
  private toValue(remote: RemoteObject): Promise<unknown> {
    if (remote.objectId === undefined) return Promise.resolve(primitive(remote));
    return new Promise((resolve, reject) => {
      this.session.post(
        'Runtime.callFunctionOn',
        {
          objectId: remote.objectId,
          functionDeclaration: `function () { 'use strict'; globalThis[Symbol.for('tlnb.kernel.capture')] = this; }`,
        },
        (error) => {
          if (error) return reject(error);
          const value: unknown = Reflect.get(globalThis, CAPTURE_SLOT);
          Reflect.deleteProperty(globalThis, CAPTURE_SLOT);
          resolve(value);
        },
      );
    });
  }
}

/** The innermost frame V8 reports for an exception (for values that carry no stack of their own). */
function throwLocation(details: NonNullable<EvaluateResult['exceptionDetails']>): ThrowLocation | undefined {
  const frame = details.stackTrace?.callFrames[0];
  if (frame?.url) return { url: frame.url, line: frame.lineNumber + 1, column: frame.columnNumber + 1 };
  if (details.url && details.lineNumber !== undefined) return { url: details.url, line: details.lineNumber + 1, column: (details.columnNumber ?? 0) + 1 };
  return undefined;
}

function primitive(remote: RemoteObject): unknown {
  if (remote.type === 'undefined') return undefined;
  const text = remote.unserializableValue;
  if (text === undefined) return remote.value;
  if (remote.type === 'bigint') return BigInt(text.slice(0, -1));
  if (text === '-0') return -0;
  return Number(text); // NaN, Infinity, -Infinity
}
