// Saved notebooks keep outputs forever: every payload version this renderer ever shipped must
// keep drawing. Today there is version 1 of each; a newer one (from a newer kernel) is refused
// with a message instead of being drawn wrongly.

import { MIME } from '../common/outputs';

const SUPPORTED: Record<string, number[]> = {
  [MIME.model]: [1],
  [MIME.training]: [1],
  [MIME.images]: [1],
  [MIME.confusion]: [1],
  [MIME.plot]: [1],
};

export function checkPayload(mime: string, payload: unknown): unknown {
  const versions = SUPPORTED[mime];
  if (!versions) throw new Error(`no view for MIME type ${mime}; this renderer draws ${Object.keys(SUPPORTED).join(', ')}.`);
  const version = typeof payload === 'object' && payload !== null ? (payload as { version?: unknown }).version : undefined;
  if (typeof version !== 'number' || !versions.includes(version)) {
    throw new Error(
      `${mime} payload has version ${JSON.stringify(version)}, but this renderer draws version ${versions.join(', ')}. ` +
        'Update the tlnb extension to view this output.',
    );
  }
  return payload;
}
