// `tlnb run --json <file>`: a machine-readable account of a run for CI — per code cell its index,
// status, duration and error; totals; the backend; the parameters set; the exit status. Written
// even when the run stops early (a failed cell, a killed kernel) or never starts (exit status 2).
// docs/kernel.md#json-summary describes the fields; `version` changes when a field changes meaning.

import type { JsonValue } from '../common/format';

export const SUMMARY_VERSION = 1;

export type CellRunStatus = 'ok' | 'error' | 'interrupted' | 'died' | 'skipped';

export interface CellSummary {
  /** 0-based index of the cell in the notebook (markdown cells count), as written to the output file. */
  index: number;
  /** "Cell N", as in the progress lines and error stacks (N = index + 1). */
  label: string;
  status: CellRunStatus;
  /** Absent for skipped cells. */
  durationMs?: number;
  /** For a failed cell: the error's name and message (`TimeoutError`-like names come from the kernel). */
  error?: { name: string; message: string };
  /** True for the cell `--param` inserted. */
  injectedParameters?: true;
}

export interface RunSummary {
  version: typeof SUMMARY_VERSION;
  notebook: string;
  /** Where the executed notebook was written; absent when nothing was written. */
  output?: string;
  /** The backend that ran the cells, or why none started. */
  backend?: { active?: string; error?: string };
  parameters: Record<string, JsonValue>;
  cells: CellSummary[];
  totals: { cells: number; ok: number; failed: number; skipped: number; durationMs: number };
  /** The process's exit status: 0 every cell ran, 1 a cell failed, 2 a usage or file error. */
  exitCode: number;
  /** For exit status 2: what went wrong. */
  error?: string;
}

export function summarize(base: Omit<RunSummary, 'version' | 'totals'>): RunSummary {
  const failed = base.cells.filter((c) => c.status !== 'ok' && c.status !== 'skipped').length;
  const skipped = base.cells.filter((c) => c.status === 'skipped').length;
  const durationMs = base.cells.reduce((sum, c) => sum + (c.durationMs ?? 0), 0);
  return {
    version: SUMMARY_VERSION,
    ...base,
    totals: { cells: base.cells.length, ok: base.cells.length - failed - skipped, failed, skipped, durationMs: Math.round(durationMs) },
  };
}
