// `tlnb sample-data [--out <folder>]`: writes the fine-tune's sample data set (chapter 6's
// thick-pen MNIST digits as PNG images, one sub-folder per digit) into a new folder, so that
// `tlnb finetune` and the wizard have something to train on before a person brings their own.

import { errorMessage } from '../common/guards';
import { parseArgs } from 'node:util';
import { freeSampleFolder, writeSampleDigits } from '../lib/finetune/data/sampleDigits';

export const SAMPLE_DATA_USAGE = `usage: tlnb sample-data [--out <folder>] [--count <n>]

Writes MNIST digits drawn with a thicker pen (the new data of sample chapter 6) as 28×28 PNG images,
one sub-folder per digit (0/…png … 9/…png), into a folder that does not exist yet: by default
./sample-thick-pen-digits (or -2, -3… when that exists). Fine-tune a sample model on it with
  tlnb finetune --model <models/ch06-mnist-mlp> --data sample-thick-pen-digits

  --out <folder>   where to write; refused when it exists (nothing is ever overwritten)
  --count <n>      how many digits, 20 to 5000 (default 500)`;

export async function runSampleDataCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, count: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    err(`tlnb sample-data: ${errorMessage(error)}\n\n${SAMPLE_DATA_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(SAMPLE_DATA_USAGE);
    return 0;
  }
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && !(Number.isInteger(count) && count >= 20 && count <= 5000)) {
    err(`tlnb sample-data: --count takes a whole number from 20 to 5000, not "${values.count}"`);
    return 2;
  }
  try {
    const written = await writeSampleDigits(values.out ?? freeSampleFolder(process.cwd()), count === undefined ? {} : { count });
    const classes = Object.entries(written.perClass).map(([digit, n]) => `${digit}: ${n}`).join(', ');
    out(`wrote ${written.images} thick-pen digits (${classes}) into ${written.folder}`);
    return 0;
  } catch (error) {
    err(`tlnb sample-data: ${errorMessage(error)}`);
    return 2;
  }
}
