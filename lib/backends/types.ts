// The contract between the kernel and its backend ladder (lib/backends/). The ladder's names and
// its report are shared with the extension and the CLI, so they live in common/backends.ts.

import type * as tfjs from '@tensorflow/tfjs';
import type { BackendName, BackendPreference, BackendReport } from '../../common/backends';


export interface BackendRequest {
  preference: BackendPreference;
  /** Folders to resolve optional packages (tfjs-node-gpu, tfjs-node) from, the notebook's first. */
  searchPaths: string[];
  /** Longest time each rung may take to start, overriding the defaults (tests, `tlnb doctor`). */
  timeoutsMs?: Partial<Record<BackendName, number>>;
}

export interface InitialisedBackend {
  /** The one tfjs instance that cells, samples and fine-tuning all use. */
  tf: typeof tfjs;
  report: BackendReport;
}
