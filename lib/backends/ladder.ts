// Climbs the backend ladder: with `auto`, the first rung that starts wins and every rung above it
// records why it did not; a pinned rung either starts or fails with its reason, never falls back.

import { errorMessage } from '../../common/guards';
import { PinnedBackendError, RungUnavailable } from './timeout';
import type { Rung, RungContext } from './rungs/context';
import { BACKEND_LADDER, type BackendName, type BackendPreference, type BackendReport, type RungResult } from '../../common/backends';

export const DEFAULT_TIMEOUTS_MS: Record<BackendName, number> = {
  // Loading libtensorflow and initialising CUDA takes seconds; a first run may JIT-compile kernels.
  'tensorflow-gpu': 90_000,
  tensorflow: 60_000,
  webgpu: 20_000,
  wasm: 30_000,
  cpu: 10_000,
};

export function isBackendPreference(value: unknown): value is BackendPreference {
  return value === 'auto' || (BACKEND_LADDER as readonly unknown[]).includes(value);
}

/** The rungs to try for a preference, fastest first. */
export function rungsFor(preference: BackendPreference): BackendName[] {
  return preference === 'auto' ? [...BACKEND_LADDER] : [preference];
}

export async function climb(
  preference: BackendPreference,
  rungs: Record<BackendName, Rung>,
  context: Omit<RungContext, 'timeoutMs'>,
  timeoutsMs: Partial<Record<BackendName, number>> = {},
): Promise<BackendReport> {
  const tried: RungResult[] = [];
  for (const name of rungsFor(preference)) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const detail = await rungs[name].start({ ...context, timeoutMs: timeoutsMs[name] ?? DEFAULT_TIMEOUTS_MS[name] });
      tried.push({ name, ok: true, detail, ms: elapsed() });
      return { active: name, pinned: preference !== 'auto', rungs: tried };
    } catch (error) {
      const known = error instanceof RungUnavailable;
      const reason = known ? error.reason : `unexpected error: ${errorMessage(error)}`;
      tried.push({ name, ok: false, reason, failure: known ? error.failure : 'unusable', ms: elapsed() });
      if (preference !== 'auto') throw new PinnedBackendError(name, reason);
    }
  }
  const summary = tried.map((r) => `${r.name}: ${r.reason}`).join('; ');
  throw new Error(`no TensorFlow.js backend could start (${summary})`);
}
