// The report notebook's code cells are real code: run in order, they repeat the fine-tune with the
// same calls and settings and save a new model. Here they run bundled with esbuild (as the kernel
// transpiles cells), with `tlnb` pointing at the real namespaces.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { parseNotebook } from '../../../common/format';
import { MIME } from '../../../common/outputs';
import { runFinetune } from '../../../lib/finetune/run';
import { DISPLAY, isDisplayable } from '../../../lib/views/displayable';
import { clusterCsv, saveMlp, tempDir, writeFile } from './fixtures';

const repo = resolve(__dirname, '../../..');
const dir = tempDir('rerun');

test('running the report\'s code cells repeats the run and saves another new model', async () => {
  const model = await saveMlp(join(dir, 'model'), [4], 8, 3);
  const csv = writeFile(join(dir, 'data', 'points.csv'), clusterCsv(15));
  const outcome = await runFinetune({ model, data: { path: csv }, settings: { strategy: 'last-n', layers: 2, epochs: 3, learningRate: 0.01 } });
  outcome.model!.dispose();
  const cells = parseNotebook(readFileSync(outcome.reportFile!, 'utf8')).cells.filter((c) => c.kind === 'code');

  // Imports go to the top of the module; every other line runs in order inside one async function.
  const lines = cells.flatMap((c) => c.source.split('\n'));
  const imports = lines.filter((l) => l.startsWith('import ')).map((l) => l.replace("'tlnb'", JSON.stringify(join(__dirname, 'reportShim.ts'))));
  const body = lines.filter((l) => !l.startsWith('import '));
  const program = `${imports.join('\n')}\nexport async function main() {\n${body.join('\n')}\n}\n`;
  const bundle = await build({ stdin: { contents: program, loader: 'ts', resolveDir: repo }, bundle: true, platform: 'node', format: 'cjs', packages: 'external', write: false, logLevel: 'silent' });

  const printed: string[] = [];
  const shown: Array<Record<string, unknown>> = [];
  (globalThis as { tlnbReportDisplay?: (value: unknown) => void }).tlnbReportDisplay = (value) => {
    assert.ok(isDisplayable(value), 'cells display Displayables');
    shown.push(value[DISPLAY]());
  };
  const module = { exports: {} as { main?: () => Promise<void> } };
  const console = { log: (...args: unknown[]) => printed.push(args.join(' ')) };
  new Function('require', 'module', 'exports', 'console', bundle.outputFiles[0]!.text)(createRequire(join(repo, 'package.json')), module, module.exports, console);
  await module.exports.main!();

  const again = join(dir, 'data', 'points-finetuned-2');
  assert.ok(existsSync(join(again, 'model.json')), 'the repeat saved to the next new folder');
  assert.match(printed.join('\n'), /^backend: cpu$/m);
  assert.match(printed.join('\n'), /3 classes: a \(15\), b \(15\), c \(15\)/);
  assert.match(printed.join('\n'), /validation accuracy before fine-tuning/);
  assert.equal(printed.filter((l) => /^epoch \d\/3/.test(l)).length, 3);
  assert.match(printed.join('\n'), new RegExp(`saved the fine-tuned model to ${again}`));
  const mimes = shown.map((bundle) => Object.keys(bundle).sort().join(' '));
  assert.deepEqual(mimes, [
    'text/markdown text/plain', // layer table
    `${MIME.training} text/plain`,
    'text/markdown text/plain', // accuracy before/after
    `${MIME.confusion} text/plain`,
    'text/markdown text/plain', // sample predictions of non-image data: a table
  ]);
  assert.match(String(shown[0]!['text/plain']), /hidden .* learns[\s\S]*output .* learns/);
});
