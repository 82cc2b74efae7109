// `tlnb export` and `tlnb import`: Jupyter interchange from a terminal (common/jupyter/ does the
// converting; the VS Code commands in extension/jupyter/ use the same code).
//   tlnb export <file.tlnb> --to ipynb|html [--out <file>] [--force]
//   tlnb import <file.ipynb> [--out <file.tlnb>]
// Neither ever overwrites a file unasked: export needs --force for that, import never does.

import { errorCode, errorMessage } from '../common/guards';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FormatError, parseNotebook, serializeNotebook } from '../common/format';
import { fromIpynb, IpynbImportError } from '../common/jupyter/fromIpynb';
import { notebookHtml } from '../common/jupyter/htmlExport';
import { toIpynb } from '../common/jupyter/toIpynb';

export const EXPORT_USAGE = `usage: tlnb export <file.tlnb> --to ipynb|html [--out <file>] [--force]
       tlnb import <file.ipynb> [--out <file.tlnb>]

  --to ipynb   a Jupyter notebook (nbformat 4.5, TypeScript kernelspec), outputs kept
  --to html    one self-contained page that shows the notebook, its graphs and charts in a browser
  --out <file> where to write (default: beside the input, with the new extension)
  --force      export over an existing file (import never overwrites)`;

/** `pageScriptPath`: dist/standalone.js, which an HTML export inlines. */
export async function runExportCli(argv: string[], pageScriptPath: string): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { to: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return usage(errorMessage(error));
  }
  if (values.help) return help();
  const [file, ...rest] = positionals;
  if (!file) return usage('no notebook given');
  if (rest.length) return usage(`unexpected arguments: ${rest.join(' ')}`);
  if (values.to !== 'ipynb' && values.to !== 'html') return usage(values.to ? `--to must be ipynb or html, not "${values.to}"` : '--to ipynb or --to html is required');
  const out = resolve(values.out ?? replaceExtension(file, `.${values.to}`));
  if (existsSync(out) && !values.force) return fail(`${out} exists; pass --force to overwrite it, or --out to write elsewhere. Nothing was written.`);
  let notebook;
  try {
    notebook = parseNotebook(await readFile(file, 'utf8'));
  } catch (error) {
    const why = error instanceof FormatError ? error.message : errorMessage(error);
    return fail(`cannot read ${file}: ${why}`);
  }
  let text: string;
  if (values.to === 'ipynb') {
    text = `${JSON.stringify(toIpynb(notebook), null, 1)}\n`;
  } else {
    let script: string;
    try {
      script = await readFile(pageScriptPath, 'utf8');
    } catch {
      return fail(`the HTML page script ${pageScriptPath} is missing; build tlnb first (npm run build).`);
    }
    text = notebookHtml(notebook, basename(file, extname(file)), script);
  }
  await writeFile(out, text);
  console.log(`wrote ${out} (${formatSize(Buffer.byteLength(text))})`);
  return 0;
}

export async function runImportCli(argv: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    return usage(errorMessage(error));
  }
  if (values.help) return help();
  const [file, ...rest] = positionals;
  if (!file) return usage('no .ipynb file given');
  if (rest.length) return usage(`unexpected arguments: ${rest.join(' ')}`);
  const out = resolve(values.out ?? replaceExtension(file, '.tlnb'));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${errorMessage(error)}`);
  }
  let result;
  try {
    result = fromIpynb(text, basename(file));
  } catch (error) {
    if (error instanceof IpynbImportError) return fail(error.message);
    throw error;
  }
  try {
    // 'wx': fails if the file exists, even one created since the check above.
    await writeFile(out, serializeNotebook(result.notebook), { flag: 'wx' });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return fail(`${out} exists; tlnb import never overwrites. Pass --out with a new name. Nothing was written.`);
    throw error;
  }
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  const cells = result.notebook.cells;
  console.log(`wrote ${out} (${cells.length} cells, ${cells.reduce((n, c) => n + c.outputs.length, 0)} outputs)`);
  return 0;
}

export function replaceExtension(file: string, extension: string): string {
  return join(dirname(file), `${basename(file, extname(file))}${extension}`);
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function help(): number {
  console.log(EXPORT_USAGE);
  return 0;
}

function usage(message: string): number {
  process.stderr.write(`tlnb: ${message}\n\n${EXPORT_USAGE}\n`);
  return 2;
}

function fail(message: string): number {
  process.stderr.write(`tlnb: ${message}\n`);
  return 2;
}
