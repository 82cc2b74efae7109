// A minimal debugger for test/unit/kernel/debugCell.test.ts, in its own process (the kernel it
// attaches to pauses; the test must not): connects to the kernel's inspector as VS Code's
// JavaScript debugger would, pauses before each script that carries a source map, sets a
// breakpoint on original line LINE of the source SOURCE_URL through that map, and when it is hit
// reports the cell line and the value of EXPRESSION there as one JSON line, then resumes.
// argv: wsUrl sourceUrl line expression. Needs a global WebSocket (Node 22, or Node 20 with
// --experimental-websocket).

import { SourceMap } from 'node:module';

const [wsUrl, sourceUrl, lineText, expression] = process.argv.slice(2) as [string, string, string, string];
const line = Number(lineText);
const socket = new WebSocket(wsUrl);
let nextId = 0;
const pending = new Map<number, (result: Record<string, unknown>) => void>();
const maps = new Map<string, SourceMap>();
const scripts = new Map<string, { url: string; sourceMapURL: string }>();

function send(method: string, params: object = {}): Promise<Record<string, unknown>> {
  const id = ++nextId;
  socket.send(JSON.stringify({ id, method, params }));
  return new Promise((resolve) => pending.set(id, resolve));
}

function report(fields: object): void {
  process.stdout.write(`${JSON.stringify(fields)}\n`);
}

socket.onmessage = async (event: MessageEvent) => {
  const message = JSON.parse(String(event.data)) as { id?: number; method?: string; params?: any; result?: any; error?: any };
  if (message.id !== undefined) return pending.get(message.id)?.(message.result ?? { error: message.error });
  if (message.method === 'Debugger.scriptParsed') scripts.set(message.params.scriptId, message.params);
  if (message.method !== 'Debugger.paused') return;
  const params = message.params;
  if (params.reason === 'instrumentation') {
    const script = scripts.get(params.data.scriptId);
    const dataUrl = script?.sourceMapURL ?? '';
    if (dataUrl.startsWith('data:')) {
      const map = JSON.parse(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64').toString('utf8'));
      report({ scriptUrl: script!.url, sources: map.sources });
      if (map.sources[0] === sourceUrl) {
        const sourceMap = new SourceMap(map);
        maps.set(params.data.scriptId, sourceMap);
        const target = generatedLine(sourceMap, line - 1);
        if (target !== undefined) await send('Debugger.setBreakpoint', { location: { scriptId: params.data.scriptId, lineNumber: target } });
      }
    }
  } else {
    const frame = params.callFrames[0];
    const sourceMap = maps.get(frame.location.scriptId);
    const entry = sourceMap?.findEntry(frame.location.lineNumber, frame.location.columnNumber) as { originalLine?: number } | undefined;
    const value = (await send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression })) as { result?: { description?: string } };
    report({ paused: true, cellLine: entry?.originalLine === undefined ? undefined : entry.originalLine + 1, value: value.result?.description });
  }
  await send('Debugger.resume');
};

/** The first generated line that maps to original line `original` (0-based). */
function generatedLine(map: SourceMap, original: number): number | undefined {
  const mappings = (map as unknown as { payload: { mappings: string } }).payload.mappings.split(';');
  for (let line = 0; line < mappings.length; line++) {
    const entry = map.findEntry(line, Number.MAX_SAFE_INTEGER) as { generatedLine?: number; originalLine?: number };
    if (entry.generatedLine === line && entry.originalLine === original) return line;
  }
  return undefined;
}

socket.onopen = async () => {
  await send('Runtime.enable');
  await send('Debugger.enable');
  await send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' });
  report({ ready: true });
};
socket.onclose = () => process.exit(0);
