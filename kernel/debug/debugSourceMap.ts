// Debug Cell (extension/debug/): the cell's script carries an inline source map whose only source
// is a path the extension chose for the cell, so VS Code's JavaScript debugger, attached to the
// kernel's inspector, binds breakpoints set in the cell and shows the cell's lines when it pauses.

import { pathToFileURL } from 'node:url';
import type { RawSourceMap } from '../transpile/transpileCell';

/**
 * The URL the cell's script runs under (its `//# sourceURL`) when debugged: an absolute file URL
 * beside the source path, unique per execution. Absolute, so the debugger does not take it for a
 * Node internal (and skip it), and different from the source's own URL, so a breakpoint set by
 * URL for the source never lands in the compiled script.
 */
export function debugScriptUrl(debugSource: string, seq: number): string {
  return pathToFileURL(`${debugSource.replace(/\.[cm]?[jt]s$/, '')}.run-${seq}.js`).href;
}

/**
 * `script` (transpiled cell code, ending with its sourceURL comment) with an inline source map that
 * names `debugSource` (as a file URL) as the one source, `source` (the cell's text) as its content.
 * The map's mappings are esbuild's, unchanged.
 */
export function withDebugSourceMap(script: string, map: RawSourceMap, source: string, debugSource: string): string {
  const debugMap: RawSourceMap = { version: map.version, sources: [pathToFileURL(debugSource).href], sourcesContent: [source], names: map.names, mappings: map.mappings };
  const data = Buffer.from(JSON.stringify(debugMap), 'utf8').toString('base64');
  return `${script}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${data}`;
}
