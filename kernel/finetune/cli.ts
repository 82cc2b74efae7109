// `tlnb finetune`: the fine-tune as a command, printing progress, exiting non-zero on bad input.
// The kernel's kernel/cli.ts dispatches `finetune` here.

import { commandLine, parseFinetuneArgs, USAGE } from './cliArgs';
import { FinetuneError } from './errors';
import { activateBackend } from './backend';
import { runFinetune } from './run';
import { formatDuration, formatEpoch } from './trainingRecord';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** A transient progress line (a terminal redraws it in place); omitted when output is not a terminal. */
  progress?(text: string): void;
  /** Activates a backend by name and returns the name of the one in use. */
  useBackend?(name: string | undefined): Promise<string>;
  /** Aborting cancels at the next batch; the default listens for Ctrl+C. */
  signal?: AbortSignal;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** Prefix of the machine-readable progress lines printed when TLNB_PROGRESS=json (read by VS Code). */
export const PROGRESS_PREFIX = '@tlnb-progress ';

export function terminalIO(): CliIO {
  const tty = process.stdout.isTTY === true;
  if (process.env.TLNB_PROGRESS === 'json') {
    return {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      progress: (text) => process.stdout.write(`${PROGRESS_PREFIX}${JSON.stringify({ text })}\n`),
    };
  }
  return {
    out: (line) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
    err: (line) => process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
    ...(tty ? { progress: (text: string) => process.stdout.write(`\r\x1b[K${text}`) } : {}),
  };
}

export async function runFinetuneCli(argv: string[], io: CliIO = terminalIO()): Promise<number> {
  let options;
  try {
    options = parseFinetuneArgs(argv);
  } catch (error) {
    io.err(`tlnb finetune: ${(error as Error).message}`);
    return EXIT.usage;
  }
  if (options.help) {
    io.out(USAGE);
    return EXIT.ok;
  }

  let signal = io.signal;
  let onInterrupt: (() => void) | undefined;
  if (!signal) {
    const controller = new AbortController();
    signal = controller.signal;
    onInterrupt = () => {
      io.err('cancelling at the next batch… (nothing will be saved)');
      controller.abort();
    };
    process.once('SIGINT', onInterrupt);
  }
  let lastProgress = 0;
  try {
    const backend = await (io.useBackend ?? activateBackend)(options.backend);
    io.out(`backend: ${backend}`);
    const outcome = await runFinetune(
      {
        model: options.model,
        data: { path: options.data, ...(options.format ? { format: options.format } : {}), ...(options.labels ? { labels: options.labels } : {}), ...(options.labelColumn ? { labelColumn: options.labelColumn } : {}) },
        ...(options.classes !== undefined ? { classCount: options.classes } : {}),
        settings: options.settings,
        ...(options.out ? { out: options.out } : {}),
        backend,
      },
      {
        signal,
        onMessage: (line) => io.out(line),
        onPlan: (plan) => {
          const s = plan.settings;
          io.out(`training: ${s.strategy}, ${s.epochs} epochs, learning rate ${s.learningRate}, batch ${s.batchSize}, early-stopping patience ${s.patience}`);
          io.out(`the same run: ${commandLine({ model: options.model, data: options.data, ...(options.labels ? { labels: options.labels } : {}), settings: s, backend })}`);
        },
        onBatch: (p) => {
          const now = Date.now();
          if (!io.progress || now - lastProgress < 200) return;
          lastProgress = now;
          io.progress(`epoch ${p.epoch}/${p.epochs}  batch ${p.batch}/${p.batchesPerEpoch}  loss ${p.loss.toFixed(4)}  ETA ${formatDuration(p.etaSeconds)}`);
        },
        onEpoch: (p) => io.out(formatEpoch(p)),
      },
    );
    io.out(outcome.message);
    if (outcome.status === 'cancelled') return EXIT.cancelled;
    return EXIT.ok;
  } catch (error) {
    if (error instanceof FinetuneError) {
      io.err(`tlnb finetune: ${error.message}`);
      return error.problem === 'settings' ? EXIT.usage : EXIT.failed;
    }
    io.err(`tlnb finetune: unexpected error: ${(error as Error).stack ?? error}`);
    return EXIT.failed;
  } finally {
    if (onInterrupt) process.off('SIGINT', onInterrupt);
  }
}
