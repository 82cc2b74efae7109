// Makes every model.fit / model.fitDataset in a cell show live training curves with no extra code:
// LayersModel's fit and fitDataset are wrapped to add one callback that records the metrics and
// updates a training output (at most UPDATES_PER_SECOND times a second, and once at the end with
// the complete run). The same callback lets an interrupt stop training at the next batch boundary.
//
// The callback reads the metrics at that display rate, not every batch: a batch's logs are scalar
// tensors, and reading one waits for the device to finish the step (on a GPU, a GPU→CPU read that
// keeps it from queueing the next steps). They are kept, and read all together UPDATES_PER_SECOND
// times a second, at each epoch end and at the end, so every batch is still recorded.
//
// Opt out per call with `model.fit(x, y, { epochs: 5, tlnb: { live: false } })`: no output is made
// (an interrupt still stops the fit cleanly).

import { isRecord } from '../../common/guards';
import { MIME } from '../../common/outputs';
import type { MimeBundle } from '../display/mimeBundle';
import type { Tf } from '../tfInstance';
import { TrainingRecorder } from './trainingRecorder';

export const UPDATES_PER_SECOND = 10;

type LayersModel = InstanceType<Tf['LayersModel']>;

export interface LiveHandle {
  update(bundle: MimeBundle): void;
}

/** One fit in progress, as the kernel sees it for interrupts. */
export interface ActiveFit {
  readonly model: LayersModel;
  /** Set by the kernel's interrupt: stop at the next batch boundary. */
  stopRequested: boolean;
}

export interface LiveTrainingHost {
  /** Shows a new output and returns a handle to update it. */
  show(bundle: MimeBundle): LiveHandle;
  fitStarted(fit: ActiveFit): void;
  fitEnded(fit: ActiveFit): void;
  /** The error that ends a cell whose fit an interrupt stopped. */
  interruptedError(message: string): Error;
}

/** The per-call options tlnb reads (and removes) from fit's arguments. */
export interface TlnbFitOptions {
  live?: boolean;
}

/** Histories whose curves were shown live; displaying them again shows only a line of text. */
export const liveHistories = new WeakSet<object>();

const INSTALLED = Symbol.for('tlnb.liveTraining.installed');

export function installLiveTraining(tf: Tf, host: LiveTrainingHost): void {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- a marker symbol set on tfjs's prototype by this function (below)
  const proto = tf.LayersModel.prototype as LayersModel & Record<symbol, boolean>;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const originalFit = proto.fit;
  const originalFitDataset = proto.fitDataset;
  let fitCount = 0;

  const supervise = async <T>(model: LayersModel, args: Record<string, unknown>, plan: { epochs: number; batchesPerEpoch?: number }, run: (args: Record<string, unknown>) => Promise<T>): Promise<T> => {
    const { tlnb, ...tfArgs } = args as { tlnb?: TlnbFitOptions; callbacks?: unknown; yieldEvery?: unknown };
    const live = tlnb?.live !== false;
    fitCount += 1;
    const recorder = new TrainingRecorder(`${displayName(model)} · fit ${fitCount}`, plan.epochs, plan.batchesPerEpoch);
    const handle = live ? host.show(trainingBundle(recorder)) : undefined;
    let lastUpdate = 0;
    const update = (force: boolean) => {
      const now = performance.now();
      if (!handle || (!force && now - lastUpdate < 1000 / UPDATES_PER_SECOND)) return;
      lastUpdate = now;
      handle.update(trainingBundle(recorder));
    };
    const fit: ActiveFit = { model, stopRequested: false };
    // Batches whose logs have not been read yet (their scalar tensors kept), oldest first.
    const unread: Array<Record<string, unknown>> = [];
    let lastRead = performance.now();
    const readUnread = async () => {
      const batches = unread.splice(0);
      try {
        for (const logs of await readAll(tf, batches)) recorder.batchEnd(logs);
      } finally {
        batches.forEach((logs) => disposeLogs(tf, logs));
      }
    };
    const callback = new (class LiveCallback extends tf.Callback {
      override async onBatchEnd(_batch: number, logs?: Record<string, unknown>): Promise<void> {
        if (fit.stopRequested) model.stopTraining = true;
        unread.push(keepLogs(tf, logs));
        if (!fit.stopRequested && performance.now() - lastRead < 1000 / UPDATES_PER_SECOND) return;
        await readUnread();
        update(false);
        // The kernel hears an interrupt only between turns of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        lastRead = performance.now();
      }
      override async onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void> {
        await readUnread();
        recorder.epochEnd(epoch, await readLogs(tf, logs));
        update(false);
      }
      override async onTrainEnd(): Promise<void> {
        await readUnread();
      }
    })();
    const callbacks = [...standardCallbacks(tf, tfArgs.callbacks, tfArgs.yieldEvery), callback];
    host.fitStarted(fit);
    try {
      const result = await run({ ...tfArgs, callbacks });
      if (fit.stopRequested) {
        const where = `after ${recorder.epochsSeen} complete epoch(s) and ${recorder.batchesSeen} batch(es)`;
        recorder.finish('stopped', `interrupted ${where}`);
        update(true);
        throw host.interruptedError(`training stopped ${where}; the model keeps the weights it had then.`);
      }
      recorder.finish('done');
      update(true);
      if (live && typeof result === 'object' && result !== null) liveHistories.add(result);
      return result;
    } catch (error) {
      if (!fit.stopRequested) {
        recorder.finish('failed', error instanceof Error ? error.message : String(error));
        update(true);
      }
      throw error;
    } finally {
      for (const logs of unread.splice(0)) disposeLogs(tf, logs);
      host.fitEnded(fit);
    }
  };

  proto.fit = function fit(this: LayersModel, x, y, args = {}) {
    const epochs = (args.epochs ?? 1) - (args.initialEpoch ?? 0);
    const batchesPerEpoch = plannedBatches(x, args.batchSize, args.validationSplit);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs's ModelFitArgs read as plain options (supervise copies them and adds callbacks)
    return supervise(this, args as Record<string, unknown>, { epochs, ...(batchesPerEpoch ? { batchesPerEpoch } : {}) }, (a) =>
      originalFit.call(this, x, y, a),
    );
  };
  proto.fitDataset = function fitDataset(this: LayersModel, dataset, args) {
    const epochs = (args.epochs ?? 1) - (args.initialEpoch ?? 0);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs's ModelFitDatasetArgs read as plain options (supervise copies them and adds callbacks)
    return supervise(this, args as unknown as Record<string, unknown>, { epochs, ...(args.batchesPerEpoch ? { batchesPerEpoch: args.batchesPerEpoch } : {}) }, (a) =>
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the caller's own fitDataset args, with tlnb's callbacks added
      originalFitDataset.call(this, dataset, a as never),
    );
  };
}

function trainingBundle(recorder: TrainingRecorder): MimeBundle {
  const payload = recorder.payload();
  const run = payload.runs[0]!;
  const last = run.epochEnds.at(-1);
  const metrics = last ? Object.entries(last.values).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') : 'no epoch finished yet';
  return {
    [MIME.training]: payload,
    'text/plain': `${run.name}: ${run.status}, epoch ${run.epochEnds.length}/${run.epochs}${last ? ` — ${metrics}` : ''}${run.message ? ` (${run.message})` : ''}`,
  };
}

/** Sequential models train an inner LayersModel named "<name>_model"; show the outer name. */
function displayName(model: LayersModel): string {
  return model.name.replace(/_model$/, '');
}

/** A batch's logs with each scalar tensor kept past the batch (tfjs disposes its own after the callbacks). */
function keepLogs(tf: Tf, logs: Record<string, unknown> | undefined): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(logs ?? {})) kept[key] = value instanceof tf.Tensor ? tf.keep(value.clone()) : value;
  return kept;
}

/**
 * The batches' logs with every scalar tensor read into a number, in one read from the device: the
 * scalars are stacked into one tensor first (one GPU→CPU copy rather than one per metric and batch).
 */
async function readAll(tf: Tf, batches: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const scalars = batches.flatMap((logs) => Object.values(logs).filter((v): v is InstanceType<Tf['Tensor']> => v instanceof tf.Tensor));
  if (scalars.some((t) => t.size !== 1 || t.dtype !== scalars[0]!.dtype)) return Promise.all(batches.map((logs) => readLogs(tf, logs)));
  const stacked = scalars.length === 0 ? undefined : tf.stack(scalars);
  const values = stacked === undefined ? new Float32Array() : await stacked.data();
  stacked?.dispose();
  let next = 0;
  return batches.map((logs) => Object.fromEntries(Object.entries(logs).map(([key, v]) => [key, v instanceof tf.Tensor ? values[next++] : v])));
}

/** Logs with every tensor read into a number (the tensors stay: an epoch's belong to tfjs). */
async function readLogs(tf: Tf, logs: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(logs ?? {}).map(async ([key, value]): Promise<[string, unknown]> => {
      if (!(value instanceof tf.Tensor)) return [key, value];
      const number = (await value.data())[0];
      return [key, number];
    }),
  );
  return Object.fromEntries(entries);
}

function disposeLogs(tf: Tf, logs: Record<string, unknown> | undefined): void {
  for (const value of Object.values(logs ?? {})) if (value instanceof tf.Tensor) value.dispose();
}

/** Batches per epoch of fit(x, ...): ceil(samples * (1 - validationSplit) / batchSize). */
function plannedBatches(x: unknown, batchSize = 32, validationSplit = 0): number | undefined {
  const first = Array.isArray(x) ? x[0] : x && typeof x === 'object' && !('shape' in x) ? Object.values(x)[0] : x;
  const shape: unknown = isRecord(first) ? first.shape : undefined;
  const samples = Array.isArray(shape) && typeof shape[0] === 'number' ? shape[0] : undefined;
  if (!samples) return undefined;
  return Math.ceil(Math.floor(samples * (1 - validationSplit)) / batchSize);
}

/**
 * The user's callbacks as callback objects. tfjs takes either callback objects or plain
 * `{ onEpochEnd... }` configs, but treats a list as all of one kind by its first element, so the
 * configs are converted here before tlnb's own callback is added to the list.
 */
function standardCallbacks(tf: Tf, callbacks: unknown, yieldEvery: unknown): unknown[] {
  if (callbacks == null) return [];
  const list = Array.isArray(callbacks) ? callbacks : [callbacks];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the cell's callback config and yieldEvery, passed on to tfjs as fit would (tfjs checks them)
  return list.map((c) => (isCallbackObject(c) ? c : new tf.CustomCallback(c as never, yieldEvery as never)));
}

function isCallbackObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { setParams?: unknown }).setParams === 'function';
}
