// The backend ladder's names and the report of which rung runs and why: shared by the kernel (which
// builds the report), the extension (status bar, Show Backend Report) and the CLI (`tlnb doctor`).
// Pure types and constants, no tfjs.

/** Rungs from fastest to slowest; `auto` takes the first that works. */
export const BACKEND_LADDER = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_LADDER)[number];
export type BackendPreference = 'auto' | BackendName;

/** `auto` or a rung's name: what --backend, a launch option or a setting may say. */
export function isBackendPreference(value: unknown): value is BackendPreference {
  return value === 'auto' || BACKEND_LADDER.some((name) => name === value);
}

/**
 * Why a rung did not start: `absent` when what it needs is not on this machine at all
 * (package not installed, no GPU), `unusable` when it is there but failed (wrong CUDA, no
 * driver, a crash), `timeout` when it did not answer in time.
 */
export type RungFailure = 'absent' | 'unusable' | 'timeout';

export interface RungResult {
  name: BackendName;
  ok: boolean;
  /** Why a rung was skipped or failed, in words a user can act on. */
  reason?: string;
  failure?: RungFailure;
  /** For the rung that started: what it runs on (device, package, build). */
  detail?: string;
  /** Time spent trying this rung. */
  ms: number;
}

export interface BackendReport {
  active: BackendName;
  /** True when the preference named a rung (a pinned rung that fails is an error, not a fallback). */
  pinned: boolean;
  /** Every rung tried, in order, ending with the active one. */
  rungs: RungResult[];
}
