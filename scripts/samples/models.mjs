// Produces the pretrained models that ship in samples/models/ (the fine-tune command's sample base
// models) the way they were made: by running the chapters that train them, in a temporary copy.
//   npm run samples:models
// Chapter 6 saves my-models/ch06-mnist-mlp and chapter 9 my-models/mnist-mlp beside the notebook;
// each such folder whose name ships in samples/models/ replaces the shipped one. Training is not
// deterministic, so run this only to change the shipped models on purpose (it rewrites ~800 KB of
// weights); running a sample, in place, in VS Code or through `npm run samples:refresh`, never does.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, SAMPLES_DIR, runSampleCopy, sampleFiles } from './runSample.mjs';

/** The chapters that save the shipped models. */
const CHAPTERS = ['06', '09'];
const SHIPPED = join(SAMPLES_DIR, 'models');

const build = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

const shippedNames = new Set(readdirSync(SHIPPED));
let failed = false;
for (const chapter of CHAPTERS) {
  const file = sampleFiles().find((name) => name.startsWith(chapter));
  console.log(`\n=== ${file}`);
  const run = await runSampleCopy(file, { echo: true });
  try {
    if (run.status !== 0) {
      console.error(`${file} failed (exit ${run.status}); the shipped models are unchanged`);
      failed = true;
      continue;
    }
    const saved = join(run.dir, 'my-models');
    for (const name of existsSync(saved) ? readdirSync(saved) : []) {
      if (!shippedNames.has(name)) continue;
      rmSync(join(SHIPPED, name), { recursive: true, force: true });
      cpSync(join(saved, name), join(SHIPPED, name), { recursive: true });
      console.log(`samples/models/${name} replaced with what ${file} saved`);
    }
  } finally {
    run.remove();
  }
}
process.exitCode = failed ? 1 : 0;
