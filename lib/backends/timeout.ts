// Bounds every attempt to start a backend: a rung that hangs (a GPU driver that never answers)
// must not hang the kernel.

import type { BackendName, RungFailure } from '../../common/backends';

/** A rung that cannot start, with a reason a user can act on. */
export class RungUnavailable extends Error {
  constructor(
    readonly reason: string,
    readonly failure: RungFailure,
  ) {
    super(reason);
    this.name = 'RungUnavailable';
  }
}

/** A pinned rung that could not start. */
export class PinnedBackendError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(
      `The "${backend}" backend is pinned (the tlnb.backend setting or the notebook's metadata) but cannot start: ${reason}. ` +
        'Fix that, or set the backend to "auto" to use the fastest backend that works.',
    );
    this.name = 'PinnedBackendError';
  }
}

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RungUnavailable(`${what} did not finish within ${formatSeconds(ms)}`, 'timeout')), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
