// Human-readable backend reports, for the status bar tooltip, the "Show Backend Report" command,
// `tlnb doctor`, and the one-time note of a session that fell back from a GPU. Pure functions
// of the report: no tfjs, no I/O, safe to import anywhere.

import { BACKEND_LADDER, type BackendName, type BackendReport, type RungResult } from './backends';

export const RUNG_DESCRIPTIONS: Record<BackendName, string> = {
  'tensorflow-gpu': 'native TensorFlow on a CUDA GPU (@tensorflow/tfjs-node-gpu)',
  tensorflow: 'native TensorFlow on the CPU (@tensorflow/tfjs-node)',
  webgpu: 'WebGPU on a GPU (Dawn, the webgpu package)',
  wasm: 'WebAssembly on the CPU (@tensorflow/tfjs-backend-wasm)',
  cpu: 'plain JavaScript on the CPU, the slowest',
};

export const GPU_RUNGS: readonly BackendName[] = ['tensorflow-gpu', 'webgpu'];

export const SETUP_GUIDE = 'docs/backends.md';

function activeRung(report: BackendReport): RungResult | undefined {
  return report.rungs.find((r) => r.ok && r.name === report.active);
}

/** Short text for a status bar item: the active rung and whether it is on a GPU. */
export function formatBackendStatus(report: BackendReport): string {
  return `${report.active} (${GPU_RUNGS.includes(report.active) ? 'GPU' : 'CPU'})`;
}

/**
 * The GPU a GPU rung runs on, as its detail names it ("nvidia nvidia-h200 …" from "… via Dawn, …"),
 * or undefined on a CPU rung.
 */
export function activeGpuName(report: BackendReport): string | undefined {
  if (!GPU_RUNGS.includes(report.active)) return undefined;
  const detail = activeRung(report)?.detail;
  if (detail === undefined) return undefined;
  const name = detail.split(/ via | \(/)[0]!.trim();
  return name === '' ? undefined : name;
}

/** Said once in a session's first output when it runs on a GPU: which one, and its limits. */
export function formatGpuNote(report: BackendReport): string | undefined {
  if (!GPU_RUNGS.includes(report.active)) return undefined;
  const active = activeRung(report);
  return `Training runs on the GPU: ${report.active} — ${active?.detail ?? RUNG_DESCRIPTIONS[report.active]}.`;
}

/** The full report: what runs, why each faster rung did not start, and where to read more. */
export function formatBackendReport(report: BackendReport): string {
  const active = activeRung(report);
  const lines = [
    `TensorFlow.js backend: ${report.active} — ${active?.detail ?? RUNG_DESCRIPTIONS[report.active]}` +
      (active ? ` (started in ${active.ms} ms)` : ''),
  ];
  if (report.pinned) lines.push('Pinned by the tlnb.backend setting or the notebook\'s metadata; "auto" picks the fastest that works.');
  const skipped = report.rungs.filter((r) => !r.ok);
  if (skipped.length > 0) {
    lines.push('', 'Faster backends that did not start:');
    const width = Math.max(...skipped.map((r) => r.name.length));
    for (const r of skipped) lines.push(`  ${r.name.padEnd(width)}  ${r.reason ?? 'no reason given'}`);
  }
  const below = BACKEND_LADDER.slice(BACKEND_LADDER.indexOf(report.active) + 1);
  if (!report.pinned && below.length > 0) lines.push('', `Slower, not tried: ${below.join(', ')}.`);
  lines.push('', `How to get each backend working: ${SETUP_GUIDE}`);
  return lines.join('\n');
}

/**
 * A one-time note for the first output of a session that runs on the CPU although a GPU rung
 * could have worked: one was installed or a GPU is present, but it failed. Undefined when
 * there is nothing to say (a GPU rung runs, or this machine simply has no GPU path).
 */
export function formatFallbackNote(report: BackendReport): string | undefined {
  if (GPU_RUNGS.includes(report.active)) return undefined;
  const failed = report.rungs.filter((r) => !r.ok && GPU_RUNGS.includes(r.name) && r.failure !== 'absent');
  if (failed.length === 0) return undefined;
  const why = failed.map((r) => `${r.name}: ${r.reason}`).join('; ');
  return `Note: training runs on ${report.active} (CPU), not on a GPU — ${why}. ` +
    `The backend report (tlnb doctor, or "tlnb: Show Backend Report") says more; ${SETUP_GUIDE} explains the setup.`;
}
