// `tlnb doctor`: starts the backend ladder as a notebook in `folder` would and prints which
// backend runs, why each faster one did not, and the environment that decided it.
// The CLI calls runDoctor and exits with its result.

import { errorStack } from '../common/guards';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../common/backends';
import { initBackend, PinnedBackendError, formatBackendReport } from '../lib/backends';

export interface DoctorOptions {
  /** 'auto' (default) or a rung to check on its own. */
  preference?: BackendPreference;
  /** The notebook's folder and others to look for optional packages in; default the working folder. */
  searchPaths?: string[];
  write?: (text: string) => void;
}

/** Prints the report; returns the exit code (0 when a backend started, 1 when the pinned one failed). */
export async function runDoctor(options: DoctorOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(`${text}\n`));
  const preference = options.preference ?? 'auto';
  const searchPaths = options.searchPaths ?? [process.cwd()];
  write(`tlnb doctor — Node ${process.version} on ${process.platform}-${process.arch}, ${cpus().length} cores, TensorFlow.js ${tf.version.tfjs}`);
  write(
    searchPaths.length > 0
      ? `Optional packages are looked for from: ${searchPaths.join(', ')} (and its parents), then tlnb's own install`
      : "Optional packages are looked for only in tlnb's own install (--no-local-packages)",
  );
  write(`Backend requested: ${preference}`);
  write('');
  try {
    const { report } = await initBackend({ preference, searchPaths });
    write(formatBackendReport(report));
    return 0;
  } catch (error) {
    write(error instanceof PinnedBackendError ? error.message : `Backend start failed: ${errorStack(error)}`);
    return 1;
  }
}
