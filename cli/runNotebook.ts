// `tlnb run`: executes a notebook's code cells in order in a fresh kernel and saves the outputs.

import { errorMessage } from '../common/guards';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FormatError, INJECTED_PARAMETERS_TAG, hasTag, parseNotebookBytes, serializeNotebook, type NotebookFile } from '../common/format';
import { KernelClient, type ExecutionResult } from '../common/node/kernelClient';
import type { BackendPreference } from '../common/backends';
import { CellOutputs } from './notebookOutputs';
import { ParameterError, injectParameters, type Parameter } from './parameters';
import { summarize, type CellSummary, type RunSummary } from './runSummary';

export interface RunOptions {
  file: string;
  out?: string;
  backend: BackendPreference;
  /** Per cell. */
  timeoutMs?: number;
  /** Run every cell even after failures, and report them all (papermill's users expect this). */
  continueOnError?: boolean;
  /** `--param name=value`: set in a cell injected after the cell tagged `parameters` (parameters.ts). */
  parameters?: Parameter[];
  /** `--json <file>`: receives the run's summary (runSummary.ts), whatever the exit status. */
  writeSummary?: (summary: RunSummary) => Promise<void>;
  kernelPath: string;
  /** false: the kernel loads no optional package (tfjs-node, webgpu) from the notebook's folder tree. */
  localPackages?: boolean;
  /** tlnb's own samples/ folder: its notebooks are never written over (pass --out, or run a copy). */
  shippedSamplesDir?: string;
  log: (line: string) => void;
  logError: (line: string) => void;
}

/**
 * How long a cell has to stop after `--timeout` interrupted it (the kernel's own interrupt gives up
 * after 1 s) before the kernel and what its cells started are killed: a cell blocked in a system call
 * (`execSync('sleep 300')`) or one that closed the interrupt pipe cannot be interrupted.
 */
export const KILL_AFTER_INTERRUPT_MS = 5000;

/** Returns the process exit status: 0 all cells ran, 1 a cell failed, 2 the file could not be read or written. */
export async function runNotebook(options: RunOptions): Promise<number> {
  const parameters = Object.fromEntries((options.parameters ?? []).map((p) => [p.name, p.value]));
  const report: Omit<RunSummary, 'version' | 'totals' | 'exitCode'> = { notebook: resolve(options.file), parameters, cells: [] };
  const exitCode = await run(options, report);
  if (options.writeSummary) {
    try {
      await options.writeSummary(summarize({ ...report, exitCode }));
    } catch (error) {
      options.logError(`tlnb: cannot write the JSON summary: ${errorMessage(error)}`);
      return 2;
    }
  }
  return exitCode;
}

async function run(options: RunOptions, report: Omit<RunSummary, 'version' | 'totals' | 'exitCode'>): Promise<number> {
  const fail = (message: string) => {
    options.logError(message);
    report.error = message.replace(/^tlnb: /, '');
    return 2;
  };
  const path = resolve(options.file);
  let notebook: NotebookFile;
  try {
    notebook = parseNotebookBytes(await readFile(path));
  } catch (error) {
    const why = error instanceof FormatError ? error.message : errorMessage(error);
    return fail(`tlnb: cannot read ${options.file}: ${why}`);
  }
  try {
    notebook.cells = injectParameters(notebook.cells, options.parameters ?? []);
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    return fail(`tlnb: ${error.message}; no cell was run`);
  }
  const target = resolve(options.out ?? path);
  if (options.shippedSamplesDir && (await sameFolder(dirname(target), options.shippedSamplesDir))) {
    return fail(
      `tlnb: ${target} is one of the samples that ship with tlnb, which a run never writes over; ` +
        'run a copy of it, or pass --out <file> to write the executed notebook elsewhere. No cell was run',
    );
  }
  const unwritable = await whyNotWritable(target);
  if (unwritable) {
    // Found before any cell runs, not after minutes of training.
    return fail(`tlnb: cannot write ${target}: ${unwritable}; no cell was run`);
  }

  const kernel = await KernelClient.start({
    kernelPath: options.kernelPath,
    launch: { backend: options.backend, notebookDir: dirname(path), notebookPath: path, ...(options.localPackages === false ? { localPackages: false } : {}) },
  });
  kernel.onOutput((text) => process.stderr.write(text));
  // The kernel has its own process group, so Ctrl+C reaches only tlnb: end the kernel's group too.
  const onSignal = (signal: NodeJS.Signals) => {
    void kernel.kill(`tlnb run was stopped by ${signal}`).then(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const backend = await kernel.backend;
  report.backend = backend.report ? { active: backend.report.active } : { error: backend.error };
  options.log(backend.report ? `backend: ${backend.report.active}${describeRungs(backend.report.rungs)}` : `backend: none (${backend.error})`);

  const codeCells = notebook.cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.kind === 'code');
  report.cells = codeCells.map(({ cell, index }): CellSummary => ({
    index,
    label: `Cell ${index + 1}`,
    status: 'skipped',
    ...(hasTag(cell.metadata, INJECTED_PARAMETERS_TAG) && options.parameters?.length ? { injectedParameters: true as const } : {}),
  }));
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
    let killTimer: NodeJS.Timeout | undefined;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          kernel.interrupt(id);
          killTimer = setTimeout(() => {
            void kernel.kill(
              `${label} did not stop within ${KILL_AFTER_INTERRUPT_MS / 1000} s of being interrupted at the ${options.timeoutMs! / 1000} s timeout ` +
                '(blocked in a system call, or it closed the interrupt pipe), so tlnb killed the kernel and the processes it started',
            );
          }, KILL_AFTER_INTERRUPT_MS);
        }, options.timeoutMs)
      : undefined;
    const result = await running;
    clearTimeout(timer);
    clearTimeout(killTimer);
    if (result.status === 'died' && result.error) outputs.add({ type: 'error', id, error: result.error });
    cell.execution = { ...cell.execution, order: ++order, success: result.status === 'ok', startTime, endTime: Date.now() };
    const summary = report.cells[n]!;
    summary.status = result.status;
    summary.durationMs = Math.round(result.ms);
    if (result.error) summary.error = { name: result.error.name, message: result.error.message };
    const tensors = result.tensorDelta ? `, ${result.tensorDelta > 0 ? '+' : ''}${result.tensorDelta} tensors` : '';
    options.log(`[${n + 1}/${codeCells.length}] ${label} ${result.status === 'ok' ? 'ok' : result.status} (${Math.round(result.ms)} ms${tensors})`);
    if (result.status !== 'ok') {
      const timedOut = (result.status === 'interrupted' || result.error?.name === 'KernelKilled') && options.timeoutMs ? ` after the ${options.timeoutMs / 1000} s timeout` : '';
      failures.push({ label: label + timedOut, result });
      if (!options.continueOnError || result.status === 'died' || result.error?.name === 'KernelKilled') break;
    }
  }
  await kernel.shutdown();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  try {
    await writeAtomically(target, serializeNotebook(notebook));
  } catch (error) {
    return fail(`tlnb: cannot write ${target}: ${errorMessage(error)}`);
  }
  report.output = target;
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

async function sameFolder(a: string, b: string): Promise<boolean> {
  const [realA, realB] = await Promise.all([realpath(a).catch(() => resolve(a)), realpath(b).catch(() => resolve(b))]);
  return realA === realB;
}

/** Why `target` cannot be written (its folder is missing, not a folder, or read-only), or undefined. */
async function whyNotWritable(target: string): Promise<string | undefined> {
  const folder = dirname(target);
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) return info.code === 'ENOENT' ? `the folder ${folder} does not exist (create it first)` : info.message;
  if (!info.isDirectory()) return `${folder} is not a folder`;
  const targetInfo = await stat(target).catch(() => undefined);
  if (targetInfo?.isDirectory()) return 'it is a folder, not a file';
  // The file is written beside the target and renamed over it: the folder must be writable.
  return access(folder, constants.W_OK).then(
    () => undefined,
    () => `the folder ${folder} is not writable`,
  );
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
