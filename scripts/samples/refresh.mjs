// Runs the sample notebooks with `tlnb run` on the default backend and saves them WITH their
// outputs into samples/, so that graphs and curves show when a sample is opened before running it.
//   npm run samples:refresh [-- 05 06 …] [--timeout <seconds per notebook>]
// Each sample runs in a temporary copy (scripts/samples/runSample.mjs) and only its executed .tlnb
// comes back: the model files chapters 6 and 9 save go to the copy's my-models/, so samples/models/
// keeps the committed files (training is not deterministic; rewriting them would change 800 KB of
// weights on every refresh). `npm run samples:models` (scripts/samples/models.mjs) remakes those. A sample whose run fails keeps its previous file; the exit status is 1.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, SAMPLES_DIR, runSampleCopy, sampleFiles } from './runSample.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { timeout: { type: 'string', default: '900' } } });
const all = sampleFiles();
const selected = positionals.length === 0 ? all : all.filter((file) => positionals.some((p) => file.startsWith(p)));
const unknown = positionals.filter((p) => !all.some((file) => file.startsWith(p)));
if (unknown.length > 0 || selected.length === 0) {
  console.error(`no sample starts with ${unknown.join(', ') || positionals.join(', ')}; the samples are:\n  ${all.join('\n  ')}`);
  process.exit(2);
}
const timeoutMs = Number(values.timeout) * 1000;
if (!(timeoutMs > 0)) {
  console.error(`--timeout takes seconds greater than 0, not "${values.timeout}"`);
  process.exit(2);
}

const build = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

const results = [];
for (const file of selected) {
  console.log(`\n=== ${file}`);
  const run = await runSampleCopy(file, { timeoutMs, echo: true });
  let outcome;
  if (run.status === 0) {
    const text = readFileSync(run.copy, 'utf8');
    // The copy's folder must not end up in a shipped notebook (a path printed by a cell or an error).
    if (text.includes(run.dir)) outcome = `not saved: its outputs mention the temporary folder ${run.dir}`;
    else {
      writeFileSync(join(SAMPLES_DIR, file), text);
      outcome = 'saved with outputs';
    }
  } else {
    outcome = run.status === null ? `killed after ${values.timeout} s; kept the previous file` : `failed (exit ${run.status}); kept the previous file`;
  }
  run.remove();
  results.push({ file, seconds: run.seconds, ok: outcome === 'saved with outputs', outcome });
}

console.log('\n| sample | wall time | result |\n| --- | --- | --- |');
for (const r of results) console.log(`| ${r.file} | ${r.seconds.toFixed(1)} s | ${r.outcome} |`);
const total = results.reduce((sum, r) => sum + r.seconds, 0);
console.log(`\ntotal ${(total / 60).toFixed(1)} min; ${results.filter((r) => r.ok).length} of ${results.length} saved`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
