// The `tlnb` command (bin/tlnb.js loads this bundle, dist/cli.js):
//   tlnb run <file.tlnb> [--out <file>] [--backend <name>] [--timeout <seconds>] [--continue]
//   tlnb finetune --model <dir> --data <path> [options]   (tlnb finetune --help)
// `run` runs every code cell in order in one kernel, the same kernel VS Code uses, and writes the
// outputs into the notebook (or --out). It stops at the first cell that fails and exits with 1
// (with --continue it runs every cell and reports every failure, still exiting with 1).
// `finetune` trains a saved model on your data (kernel/finetune).
//   tlnb doctor [--backend <name>] [--folder <dir>]: which backend runs here and why not the faster ones.
//   tlnb export <file.tlnb> --to ipynb|html / tlnb import <file.ipynb>: Jupyter interchange (jupyterCli.ts).
//   tlnb sample-data [--out <folder>]: a data set to fine-tune on (sampleData.ts).

import { parseArgs } from 'node:util';
import { BACKEND_LADDER, type BackendPreference } from '../common/backends';
import { runFinetuneCli } from './finetune';
import { runExportCli, runImportCli } from './jupyterCli';
import { runNotebook } from './runNotebook';
import { runSampleDataCli } from './sampleData';

const USAGE = `usage: tlnb run <file.tlnb> [--out <file>] [--backend <name>] [--timeout <seconds>] [--continue]
       tlnb finetune --model <dir|model.json> --data <path> [options]   (see tlnb finetune --help)
       tlnb doctor [--backend <name>] [--folder <notebook folder>]
       tlnb export <file.tlnb> --to ipynb|html [--out <file>] [--force]
       tlnb import <file.ipynb> [--out <file.tlnb>]
       tlnb sample-data [--out <folder>]   (MNIST digits in a thick pen, one folder per digit, to fine-tune on)

  --out <file>         write the executed notebook there instead of over <file.tlnb>
  --backend <name>     auto (default) or one of: ${BACKEND_LADDER.join(', ')}
  --timeout <seconds>  interrupt a cell that runs longer than this (it then counts as failed); if it has
                       not stopped 5 s later, the kernel and the processes its cells started are killed
  --continue           run every cell even after one fails, and report all failures

Exit status: 0 when every cell ran, 1 when a cell failed (any, with --continue), 2 for a usage or file error.`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'finetune') return runFinetuneCli(argv.slice(1));
  if (argv[0] === 'doctor') return doctor(argv.slice(1));
  if (argv[0] === 'export') return runExportCli(argv.slice(1), `${__dirname}/standalone.js`);
  if (argv[0] === 'import') return runImportCli(argv.slice(1));
  if (argv[0] === 'sample-data') return runSampleDataCli(argv.slice(1), (line) => process.stdout.write(`${line}\n`), (line) => process.stderr.write(`${line}\n`));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        backend: { type: 'string', default: 'auto' },
        timeout: { type: 'string' },
        continue: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, file, ...rest] = positionals;
  if (command !== 'run') return usageError(command ? `unknown command "${command}"` : 'no command given');
  if (!file) return usageError('no notebook given');
  if (rest.length > 0) return usageError(`unexpected arguments: ${rest.join(' ')}`);
  const backend = values.backend!;
  if (backend !== 'auto' && !(BACKEND_LADDER as readonly string[]).includes(backend)) {
    return usageError(`--backend must be auto or one of ${BACKEND_LADDER.join(', ')}, not "${backend}"`);
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) return usageError(`--timeout takes a number of seconds greater than 0, not "${values.timeout}"`);
    timeoutMs = seconds * 1000;
  }
  return runNotebook({
    file,
    ...(values.out ? { out: values.out } : {}),
    backend: backend as BackendPreference,
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(values.continue ? { continueOnError: true } : {}),
    kernelPath: `${__dirname}/kernel.js`,
    shippedSamplesDir: `${__dirname}/../samples`,
    log: (line) => process.stdout.write(`${line}\n`),
    logError: (line) => process.stderr.write(`${line}\n`),
  });
}

/** `tlnb doctor [--backend <name>] [--folder <dir>]`: which backend runs here, and why not the faster ones. */
async function doctor(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { backend: { type: 'string', default: 'auto' }, folder: { type: 'string' } } }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  const backend = values.backend!;
  if (backend !== 'auto' && !(BACKEND_LADDER as readonly string[]).includes(backend)) {
    return usageError(`--backend must be auto or one of ${BACKEND_LADDER.join(', ')}, not "${backend}"`);
  }
  const { runDoctor } = await import('./doctor');
  return runDoctor({ preference: backend as BackendPreference, searchPaths: [values.folder ?? process.cwd()] });
}

function usageError(message: string): number {
  process.stderr.write(`tlnb: ${message}\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`tlnb: ${error.stack ?? error.message}\n`);
    process.exitCode = 2;
  },
);
