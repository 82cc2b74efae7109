// `tlnb finetune`: the fine-tune as a command, printing progress, exiting non-zero on bad input.
// The command line's cli/tlnb.ts dispatches `finetune` here.

import { errorMessage, errorStack } from '../common/guards';
import { FINETUNE_EXIT, PROGRESS_ENV, progressLine, type FinetuneEvent } from '../common/finetuneProgress';
import { modelGraphPayload } from '../lib/display/modelGraph';
import { commandLine, parseFinetuneArgs, USAGE } from '../lib/finetune/args';
import { FinetuneError } from '../lib/finetune/errors';
import { activateBackend } from '../lib/finetune/training/backend';
import { runFinetune } from '../lib/finetune/run';
import { formatDuration } from '../common/duration';
import { formatEpoch } from '../lib/finetune/training/progressText';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /**
   * Progress for a program or a terminal: with TLNB_PROGRESS=json every event is a line of JSON
   * (common/finetuneProgress.ts); a terminal redraws the batch events' text in place; omitted otherwise.
   */
  event?(event: FinetuneEvent): void;
  /** Activates a backend by name and returns the name of the one in use. */
  useBackend?(name: string | undefined): Promise<string>;
  /** Aborting cancels at the next batch; the default listens for Ctrl+C. */
  signal?: AbortSignal;
}

const EXIT = FINETUNE_EXIT;

export function terminalIO(): CliIO {
  const tty = process.stdout.isTTY === true;
  if (process.env[PROGRESS_ENV.name] === PROGRESS_ENV.json) {
    return {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      event: (event) => process.stdout.write(`${progressLine(event)}\n`),
    };
  }
  return {
    out: (line) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
    err: (line) => process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
    ...(tty ? { event: (event: FinetuneEvent) => void (event.type === 'batch' && process.stdout.write(`\r\x1b[K${event.text}`)) } : {}),
  };
}

export async function runFinetuneCli(argv: string[], io: CliIO = terminalIO()): Promise<number> {
  let options;
  try {
    options = parseFinetuneArgs(argv);
  } catch (error) {
    io.err(`tlnb finetune: ${errorMessage(error)}`);
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
    // --no-local-packages: no search folder, so only the packages installed with tlnb itself are found.
    const backend = await (io.useBackend ?? ((name) => activateBackend(name, options.localPackages ? [process.cwd()] : [])))(options.backend);
    io.out(`backend: ${backend}`);
    io.event?.({ type: 'backend', name: backend });
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
          const planText = `training: ${s.strategy}, ${s.epochs} epochs, learning rate ${s.learningRate}, batch ${s.batchSize}, early-stopping patience ${s.patience}`;
          io.out(planText);
          io.out(`the same run: ${commandLine({ model: options.model, data: options.data, ...(options.labels ? { labels: options.labels } : {}), settings: s, backend })}`);
          // Built only when events are read (a program, or a terminal, which draws just the batches): a few ms.
          io.event?.({
            type: 'model',
            graph: modelGraphPayload(plan.prepared.model),
            newLayers: plan.prepared.layers.filter((l) => l.isNew).map((l) => l.name),
            notes: plan.prepared.notes,
            plan: planText,
          });
        },
        onBatch: (p) => {
          const now = Date.now();
          // The last batch of an epoch always goes out, so a reader never stays a whole epoch behind.
          if (!io.event || (now - lastProgress < 200 && p.batch < p.batchesPerEpoch)) return;
          lastProgress = now;
          const text = `epoch ${p.epoch}/${p.epochs}  batch ${p.batch}/${p.batchesPerEpoch}  loss ${p.loss.toFixed(4)}  ETA ${formatDuration(p.etaSeconds)}`;
          io.event({
            type: 'batch',
            text,
            epoch: p.epoch,
            epochs: p.epochs,
            batch: p.batch,
            batchesPerEpoch: p.batchesPerEpoch,
            loss: p.loss,
            ...(Number.isFinite(p.accuracy) ? { accuracy: p.accuracy } : {}),
            etaSeconds: p.etaSeconds,
          });
        },
        onEpoch: (p) => {
          const text = formatEpoch(p);
          io.out(text);
          io.event?.({ type: 'epoch', text, epoch: p.epoch, epochs: p.epochs, values: p.values, etaSeconds: p.etaSeconds });
        },
      },
    );
    io.out(outcome.message);
    io.event?.({
      type: 'result',
      status: outcome.status,
      message: outcome.message,
      beforeAccuracy: outcome.beforeAccuracy,
      ...(outcome.afterAccuracy !== undefined ? { afterAccuracy: outcome.afterAccuracy } : {}),
      ...(outcome.outDir ? { outDir: outcome.outDir } : {}),
      ...(outcome.reportFile ? { reportFile: outcome.reportFile } : {}),
    });
    if (outcome.status === 'cancelled') return EXIT.cancelled;
    return EXIT.ok;
  } catch (error) {
    if (error instanceof FinetuneError) {
      io.err(`tlnb finetune: ${error.message}`);
      io.event?.({ type: 'refused', problem: error.problem, message: error.message });
      return error.problem === 'settings' ? EXIT.usage : EXIT.failed;
    }
    io.err(`tlnb finetune: unexpected error: ${errorStack(error)}`);
    return EXIT.failed;
  } finally {
    if (onInterrupt) process.off('SIGINT', onInterrupt);
  }
}
