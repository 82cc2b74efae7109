// Sends what JavaScript writes to process.stdout / process.stderr (console.* included) to the
// client as `stream` messages, one per write, as it happens: a cell that prints and then blocks
// still shows what it printed. Writes by native code to the file descriptors are not seen here;
// they reach the client on the kernel's real stdout/stderr (the extension logs them).


export function captureStreams(emit: (name: 'stdout' | 'stderr', text: string) => void): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const write = function (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
      const encoding = typeof encodingOrCallback === 'string' && Buffer.isEncoding(encodingOrCallback) ? encodingOrCallback : 'utf8';
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString(encoding) : String(chunk);
      if (text.length > 0) emit(name, text);
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') process.nextTick(() => done());
      return true;
    };
    stream.write = write;
  }
}
