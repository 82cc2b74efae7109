// The `tlnb` command (bin/tlnb.js loads this bundle, dist/cli.js):
//   tlnb run <file.tlnb> [--out <file>] [--backend <name>] [--timeout <seconds>] [--continue]
//            [--param name=value ...] [--json <file>|-]
//   tlnb finetune --model <dir> --data <path> [options]   (tlnb finetune --help)
// `run` runs every code cell in order in one kernel, the same kernel VS Code uses, and writes the
// outputs into the notebook (or --out). It stops at the first cell that fails and exits with 1
// (with --continue it runs every cell and reports every failure, still exiting with 1).
// `finetune` trains a saved model on your data (kernel/finetune).
//   tlnb doctor [--backend <name>] [--folder <dir>]: which backend runs here and why not the faster ones.
// --no-local-packages (run, doctor, finetune): no optional package from the folder tree's node_modules.
//   tlnb export <file.tlnb> --to ipynb|html / tlnb import <file.ipynb>: Jupyter interchange (jupyterCli.ts).
//   tlnb sample-data [--out <folder>]: a data set to fine-tune on (sampleData.ts).

import { errorMessage } from '../common/guards';
import { parseArgs } from 'node:util';
import { BACKEND_LADDER, isBackendPreference } from '../common/backends';
import { runFinetuneCli } from './finetune';
import { runExportCli, runImportCli } from './jupyterCli';
import { ParameterError, parseParameter, type Parameter } from './parameters';
import { runNotebook } from './runNotebook';
import { runSampleDataCli } from './sampleData';

const USAGE = `usage: tlnb run <file.tlnb> [--out <file>] [--backend <name>] [--timeout <seconds>] [--continue]
                [--param <name>=<value> ...] [--json <file>|-] [--no-local-packages]
       tlnb finetune --model <dir|model.json> --data <path> [options]   (see tlnb finetune --help)
       tlnb doctor [--backend <name>] [--folder <notebook folder>] [--no-local-packages]
       tlnb export <file.tlnb> --to ipynb|html [--out <file>] [--force]
       tlnb import <file.ipynb> [--out <file.tlnb>]
       tlnb sample-data [--out <folder>]   (MNIST digits in a thick pen, one folder per digit, to fine-tune on)

  --out <file>         write the executed notebook there instead of over <file.tlnb>
  --backend <name>     auto (default) or one of: ${BACKEND_LADDER.join(', ')}
  --timeout <seconds>  interrupt a cell that runs longer than this (it then counts as failed); if it has
                       not stopped 5 s later, the kernel and the processes its cells started are killed
  --continue           run every cell even after one fails, and report all failures
  --param name=value   set a parameter (papermill's convention): the value (JSON if it parses as JSON,
                       else text) is declared in a cell inserted after the cell tagged "parameters";
                       repeat for several
  --json <file>        write a JSON summary for CI (per cell status, duration, error; totals; backend;
                       exit status); "-" writes it to stdout and the progress lines to stderr
  --no-local-packages  load no backend package from node_modules in the notebook's (doctor: the --folder's
                       or current) folder or its parents; only what came with tlnb is used
  --folder <dir>       doctor: the notebook folder to check from (default: the current folder)

Without --no-local-packages, @tensorflow/tfjs-node, @tensorflow/tfjs-node-gpu and webgpu are loaded from
node_modules in the notebook's folder or any parent when installed there (so a notebook can use them), and
loading a package runs its code: use the flag in folders you do not trust. It does not make an untrusted
notebook safe to run: \`tlnb run\` runs the notebook's code, and its cells' own imports still resolve from
its folder. See docs/security.md.

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
        'no-local-packages': { type: 'boolean' },
        param: { type: 'string', multiple: true },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError(errorMessage(error));
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
  if (!isBackendPreference(backend)) {
    return usageError(`--backend must be auto or one of ${BACKEND_LADDER.join(', ')}, not "${backend}"`);
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) return usageError(`--timeout takes a number of seconds greater than 0, not "${values.timeout}"`);
    timeoutMs = seconds * 1000;
  }
  let parameters: Parameter[];
  try {
    parameters = (values.param ?? []).map(parseParameter);
  } catch (error) {
    if (error instanceof ParameterError) return usageError(error.message);
    throw error;
  }
  const twice = parameters.find((p, i) => parameters.findIndex((q) => q.name === p.name) !== i);
  if (twice) return usageError(`--param ${twice.name} is given twice; give each parameter once`);
  const json = values.json;
  const log = (line: string) => (json === '-' ? process.stderr : process.stdout).write(`${line}\n`);
  return runNotebook({
    file,
    ...(parameters.length ? { parameters } : {}),
    ...(json ? { writeSummary: (summary) => writeSummary(json, summary) } : {}),
    ...(values.out ? { out: values.out } : {}),
    backend,
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(values.continue ? { continueOnError: true } : {}),
    ...(values['no-local-packages'] ? { localPackages: false } : {}),
    kernelPath: `${__dirname}/kernel.js`,
    shippedSamplesDir: `${__dirname}/../samples`,
    log,
    logError: (line) => process.stderr.write(`${line}\n`),
  });
}

/** `tlnb doctor [--backend <name>] [--folder <dir>]`: which backend runs here, and why not the faster ones. */
async function doctor(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { backend: { type: 'string', default: 'auto' }, folder: { type: 'string' }, 'no-local-packages': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return usageError(errorMessage(error));
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const backend = values.backend!;
  if (!isBackendPreference(backend)) {
    return usageError(`--backend must be auto or one of ${BACKEND_LADDER.join(', ')}, not "${backend}"`);
  }
  const { runDoctor } = await import('./doctor');
  return runDoctor({ preference: backend, searchPaths: values['no-local-packages'] ? [] : [values.folder ?? process.cwd()] });
}

async function writeSummary(target: string, summary: unknown): Promise<void> {
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  if (target === '-') process.stdout.write(text);
  else await (await import('node:fs/promises')).writeFile(target, text, 'utf8');
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
