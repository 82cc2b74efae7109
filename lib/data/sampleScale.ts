// TLNB_SAMPLE_SCALE: a reduced-data mode for tests, never for users. The GPU tests run every sample
// chapter on the webgpu rung through SwiftShader (a software GPU, tens of times slower than wasm);
// with TLNB_SAMPLE_SCALE=f (0 < f < 1) each of tlnb's data loaders (data.loadMnist/readMnist,
// data.loadSpamAssassin) returns round(n × f) of the n examples it would otherwise return, at least
// MIN_EXAMPLES (or all n when fewer), the first ones in file order, so that slices taken with
// `skip` stay disjoint. The notebook's own code (epochs, batch sizes, thresholds) is unchanged.
// Each reduced load says so on stderr. Unset (or 1), nothing changes. docs/backends.md, "Testing".

export const SAMPLE_SCALE_VARIABLE = 'TLNB_SAMPLE_SCALE';
/** A reduced set keeps at least this many examples: below it, training a classifier means little. */
export const MIN_EXAMPLES = 100;

/** The scale TLNB_SAMPLE_SCALE asks for, 1 when unset; a clear error for a value that is not a fraction. */
export function sampleScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[SAMPLE_SCALE_VARIABLE];
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new RangeError(
      `${SAMPLE_SCALE_VARIABLE}=${JSON.stringify(raw)} is not a fraction in (0, 1]: it is a testing-only setting that makes tlnb's data loaders return that fraction of their examples (e.g. 0.2); unset it to load the full data`,
    );
  }
  return value;
}

/** How many of `n` examples a loader keeps under TLNB_SAMPLE_SCALE. Pure given env. */
export function scaledCount(n: number, env: NodeJS.ProcessEnv = process.env): number {
  const scale = sampleScale(env);
  if (scale === 1 || n <= MIN_EXAMPLES) return n;
  return Math.max(MIN_EXAMPLES, Math.round(n * scale));
}

/** Reports a reduced load on stderr (what was loaded, how many of how many, and why). */
export function noteReduced(what: string, kept: number, of: number): void {
  if (kept === of) return;
  process.stderr.write(`tlnb: ${what} returns ${kept} of ${of} examples because ${SAMPLE_SCALE_VARIABLE}=${process.env[SAMPLE_SCALE_VARIABLE]} (a reduced run for tests; unset it for the full data)\n`);
}
