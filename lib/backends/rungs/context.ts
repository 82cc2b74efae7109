import type * as tfjs from '@tensorflow/tfjs';
import type { ProbeOutcome } from '../nativeDiagnosis';
import type { BackendName } from '../../../common/backends';

export interface RungContext {
  tf: typeof tfjs;
  /** Where optional packages are looked for, the notebook's folder first. */
  searchPaths: string[];
  /** The longest this rung may take to start. */
  timeoutMs: number;
  /** Probe results per package folder, shared by the two native rungs of one climb. */
  probes: Map<string, Promise<ProbeOutcome>>;
}

export interface Rung {
  name: BackendName;
  /** Starts the backend and makes it active, or throws RungUnavailable. Returns what it runs on. */
  start(ctx: RungContext): Promise<string>;
}
