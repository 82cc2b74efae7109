// The backend for `tlnb finetune`: the kernel's own ladder (kernel/backends), so the command trains
// on the same rung, with the same reasons for skipped rungs, as a notebook would.

import { BACKEND_LADDER, isBackendPreference } from '../../../common/backends';
import { FinetuneError } from '../errors';

/** Activates a backend by name (`auto` climbs the ladder) and returns the name of the one in use. */
export async function activateBackend(name = 'auto', searchPaths: string[] = [process.cwd()]): Promise<string> {
  if (!isBackendPreference(name)) {
    throw new FinetuneError('settings', `unknown --backend "${name}"`, `use auto or one of ${BACKEND_LADDER.join(', ')}`);
  }
  // Loaded on use: importing the ladder registers its backends, which must not happen on import.
  const { initBackend } = await import('../../backends');
  const { report } = await initBackend({ preference: name, searchPaths });
  return report.active;
}
