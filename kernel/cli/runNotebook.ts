// `tlnb run`: executes a notebook's code cells in order in a fresh kernel and saves the outputs.

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FormatError, parseNotebook, serializeNotebook, type NotebookFile } from '../../common/format';
import { KernelClient, type ExecutionResult } from '../../common/node/kernelClient';
import type { BackendPreference } from '../../common/backends';
import { CellOutputs } from './notebookOutputs';

export interface RunOptions {
  file: string;
  out?: string;
  backend: BackendPreference;
  /** Per cell. */
  timeoutMs?: number;
  /** Run every cell even after failures, and report them all (papermill's users expect this). */
  continueOnError?: boolean;
  kernelPath: string;
  log: (line: string) => void;
  logError: (line: string) => void;
}

/** Returns the process exit status: 0 all cells ran, 1 a cell failed, 2 the file could not be read or written. */
export async function runNotebook(options: RunOptions): Promise<number> {
  const path = resolve(options.file);
  let notebook: NotebookFile;
  try {
    notebook = parseNotebook(await readFile(path, 'utf8'));
  } catch (error) {
    const why = error instanceof FormatError ? error.message : (error as Error).message;
    options.logError(`tlnb: cannot read ${options.file}: ${why}`);
    return 2;
  }

  const kernel = await KernelClient.start({
    kernelPath: options.kernelPath,
    launch: { backend: options.backend, notebookDir: dirname(path), notebookPath: path },
  });
  kernel.onOutput((text) => process.stderr.write(text));
  const backend = await kernel.backend;
  options.log(backend.report ? `backend: ${backend.report.active}${describeRungs(backend.report.rungs)}` : `backend: none (${backend.error})`);

  const codeCells = notebook.cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.kind === 'code');
  const failures: Array<{ label: string; result: ExecutionResult }> = [];
  let order = 0;
  for (const [n, { cell, index }] of codeCells.entries()) {
    const label = `Cell ${index + 1}`;
    const outputs = new CellOutputs();
    const startTime = Date.now();
    // Output that code this cell started writes later (a timer, a display update from a later
    // cell) still lands in this cell: the outputs array is the cell's, and stays its own.
    cell.outputs = outputs.outputs;
    const { id, result: running } = kernel.execute(cell.source, label, (event) => outputs.add(event));
    const timer = options.timeoutMs ? setTimeout(() => kernel.interrupt(id), options.timeoutMs) : undefined;
    const result = await running;
    clearTimeout(timer);
    if (result.status === 'died' && result.error) outputs.add({ type: 'error', id, error: result.error });
    cell.execution = { ...cell.execution, order: ++order, success: result.status === 'ok', startTime, endTime: Date.now() };
    const tensors = result.tensorDelta ? `, ${result.tensorDelta > 0 ? '+' : ''}${result.tensorDelta} tensors` : '';
    options.log(`[${n + 1}/${codeCells.length}] ${label} ${result.status === 'ok' ? 'ok' : result.status} (${Math.round(result.ms)} ms${tensors})`);
    if (result.status !== 'ok') {
      const timedOut = result.status === 'interrupted' && options.timeoutMs ? ` after the ${options.timeoutMs / 1000} s timeout` : '';
      failures.push({ label: label + timedOut, result });
      if (!options.continueOnError || result.status === 'died') break;
    }
  }
  await kernel.shutdown();

  const target = resolve(options.out ?? path);
  try {
    await writeAtomically(target, serializeNotebook(notebook));
  } catch (error) {
    options.logError(`tlnb: cannot write ${target}: ${(error as Error).message}`);
    return 2;
  }
  options.log(`wrote ${target}`);
  for (const failed of failures) options.logError(`\n${failed.label} failed:\n${failed.result.error?.stack ?? failed.result.status}`);
  if (failures.length > 1 || (failures.length === 1 && options.continueOnError)) {
    options.logError(`\n${failures.length} of ${codeCells.length} cells failed: ${failures.map((f) => f.label).join(', ')}`);
  }
  if (failures.length > 0) return 1;
  return 0;
}

function describeRungs(rungs: Array<{ name: string; ok: boolean; reason?: string }>): string {
  const skipped = rungs.filter((r) => !r.ok);
  return skipped.length === 0 ? '' : ` (${skipped.map((r) => `${r.name} skipped: ${r.reason}`).join('; ')})`;
}

/** Writes beside the target, then renames over it: the file is never left half-written. */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
