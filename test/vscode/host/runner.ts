// A small test runner for code that must run inside VS Code's extension host. Suites register
// tests on import; runAll() runs them in order and returns one result per test.

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

type TestBody = () => unknown | Promise<unknown>;
const registered: Array<{ name: string; body: TestBody; timeoutMs: number }> = [];

export function test(name: string, body: TestBody, timeoutMs = 60_000): void {
  registered.push({ name, body, timeoutMs });
}

/** Runs the registered tests that `pick` accepts (all by default), in order. */
export async function runAll(log: (line: string) => void = () => {}, pick: (name: string) => boolean = () => true): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const { name, body, timeoutMs } of registered.filter((t) => pick(t.name))) {
    const start = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(body),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      results.push({ name, ok: true, ms: Date.now() - start });
      log(`ok ${name}`);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, ok: false, ms: Date.now() - start, error: text });
      log(`FAILED ${name}: ${text}`);
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
