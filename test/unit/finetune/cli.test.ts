// `tlnb finetune` as the command line runs it, on CSV and IDX data, and its exits on bad input.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMnist } from '../../../lib/data/mnist';
import { FINETUNE_EXIT as EXIT } from '../../../common/finetuneProgress';
import { runFinetuneCli, type CliIO } from '../../../cli/finetune';
import { clusterCsv, saveMlp, tempDir, writeFile, writeIdxPair } from './fixtures';

const dir = tempDir('cli');

function capture(): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), useBackend: async () => 'cpu', signal: new AbortController().signal };
}

test('tlnb finetune on a CSV prints the plan, one line per epoch and where it saved, and exits 0', async () => {
  const model = await saveMlp(join(dir, 'csv-model'), [4], 8, 3);
  const csv = writeFile(join(dir, 'csv', 'points.csv'), clusterCsv(20));
  const io = capture();
  const code = await runFinetuneCli(['--model', join(model, 'model.json'), '--data', csv, '--epochs', '3', '--strategy', 'all', '--lr', '0.01'], io);
  assert.equal(code, EXIT.ok, io.errors.join('\n'));
  const out = io.lines.join('\n');
  assert.match(out, /^backend: cpu$/m);
  assert.match(out, /training: all, 3 epochs, learning rate 0\.01, batch 32/);
  assert.match(out, /^the same run: tlnb finetune --model .*model\.json --data .*points\.csv --strategy all --epochs 3 --lr 0\.01/m);
  assert.equal(io.lines.filter((l) => /^epoch [1-3]\/3 {2}loss/.test(l)).length, 3);
  assert.match(out, /validation accuracy after fine-tuning: \d+\.\d%/);
  assert.match(out, new RegExp(`saved the fine-tuned model and finetune-report\\.tlnb to ${join(dir, 'csv', 'points-finetuned-1')}`));
  assert.deepEqual(readdirSync(join(dir, 'csv-model')).sort(), ['model.json', 'weights.bin']);
});

test('tlnb finetune on an IDX pair with --labels and --out', async () => {
  const digits = readMnist({ split: 'test', digits: [3, 8], count: 120 });
  const files = writeIdxPair(join(dir, 'idx'), Uint8Array.from(digits.images, (v) => Math.round(v * 255)), [digits.count, 28, 28], digits.labels, 'few');
  const model = await saveMlp(join(dir, 'idx-model'), [784], 16, 10);
  const out = join(dir, 'idx-result');
  const io = capture();
  const code = await runFinetuneCli(['--model', join(dir, 'idx-model'), '--data', files.images, '--labels', files.labels, '--epochs', '2', '--out', out], io);
  assert.equal(code, EXIT.ok, io.errors.join('\n'));
  const text = io.lines.join('\n');
  assert.match(text, /2 classes: 3 \(\d+\), 8 \(\d+\)/);
  assert.match(text, /examples of shape \[28, 28\] reshaped to the model's input \[784\]/);
  assert.match(text, /the output layer "output" \(10 classes\) was replaced by a new Dense layer "finetune_output" with 2 units/);
  assert.deepEqual(readdirSync(out).sort(), ['finetune-report.tlnb', 'model.json', 'weights.bin']);
  assert.ok(model);
});

test('bad input exits non-zero with the message on stderr and writes nothing', async () => {
  const model = await saveMlp(join(dir, 'bad-model'), [2], 4, 2);
  const bad = writeFile(join(dir, 'bad', 'bad.csv'), 'a,b,label\n1,2,x\n3,oops,y\n');
  const cases: Array<[string[], number, RegExp]> = [
    [['--data', bad], EXIT.usage, /--model is missing/],
    [['--model', model, '--data', bad, '--epochs', 'many'], EXIT.usage, /--epochs takes a whole number, not "many"/],
    [['--model', model, '--data', bad, '--backend', 'tpu'], EXIT.usage, /unknown --backend "tpu"/],
    [['--model', model, '--data', bad], EXIT.failed, /bad\.csv: line 3, column "b": "oops" is not a number/],
    [['--model', join(dir, 'nothing'), '--data', bad], EXIT.failed, /nothing\/model\.json: cannot read the model/],
    [['--model', model, '--data', join(dir, 'missing.csv')], EXIT.failed, /missing\.csv: no such file or folder/],
  ];
  for (const [argv, expected, message] of cases) {
    const io = capture();
    if (argv.includes('--backend')) delete io.useBackend;
    const code = await runFinetuneCli(argv, io);
    assert.equal(code, expected, `${argv.join(' ')}: ${io.errors.join('\n')}`);
    assert.match(io.errors.join('\n'), message);
    assert.match(io.errors.join('\n'), /^tlnb finetune: /);
  }
  assert.equal(existsSync(join(dir, 'bad', 'bad-finetuned-1')), false);
  const help = capture();
  assert.equal(await runFinetuneCli(['--help'], help), EXIT.ok);
  assert.match(help.lines[0]!, /^Usage: tlnb finetune --model/);
});
