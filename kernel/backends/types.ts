// The contract between the kernel and its backend ladder (kernel/backends/).

import type * as tfjs from '@tensorflow/tfjs';

/** Rungs from fastest to slowest; `auto` takes the first that works. */
export const BACKEND_LADDER = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_LADDER)[number];
export type BackendPreference = 'auto' | BackendName;

export interface BackendRequest {
  preference: BackendPreference;
  /** Folders to resolve optional packages (tfjs-node-gpu, tfjs-node) from, the notebook's first. */
  searchPaths: string[];
}

export interface RungResult {
  name: BackendName;
  ok: boolean;
  /** Why a rung was skipped or failed, in words a user can act on. */
  reason?: string;
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

export interface InitialisedBackend {
  /** The one tfjs instance that cells, samples and fine-tuning all use. */
  tf: typeof tfjs;
  report: BackendReport;
}
