// What the fine-tune panel shows, reduced from the messages the extension posts
// (common/finetunePanelMessages.ts). Pure: no DOM, so unit tests drive it with the CLI's real events.
// The training record is the notebook's TrainingRun, so the panel draws it with the same chart.
// Its point lists grow in place (as the chart's live path expects); everything else is replaced.

import type { FinetuneEvent } from '../../common/finetuneProgress';
import type { PanelMessage, RunEndStatus } from '../../common/finetunePanelMessages';
import type { ModelGraphPayload, TrainingRun } from '../../common/outputs';

export type Phase = 'starting' | 'preparing' | 'training' | 'cancelling' | RunEndStatus;

type BatchEvent = Extract<FinetuneEvent, { type: 'batch' }>;

export interface RunState {
  phase: Phase;
  model?: string;
  data?: string;
  backend?: string;
  /** The latest line for people: what is being done (loading, checking, an epoch's figures, saving). */
  activity?: string;
  /** The prepared model, frozen layers marked; absent until the CLI has built it. */
  graph?: ModelGraphPayload;
  newLayers: string[];
  notes: string[];
  plan?: string;
  /** The training curves so far (one run, the chart's payload). */
  run: TrainingRun;
  /** The latest batch: epoch, batch, ETA. */
  progress?: Pick<BatchEvent, 'epoch' | 'epochs' | 'batch' | 'batchesPerEpoch' | 'etaSeconds'>;
  /** Set at the end: the summary, or the error with how to fix it. */
  message?: string;
  beforeAccuracy?: number;
  afterAccuracy?: number;
  outDir?: string;
  reportFile?: string;
}

export const RUN_NAME = 'fine-tune';

export function initialRunState(): RunState {
  return {
    phase: 'starting',
    newLayers: [],
    notes: [],
    run: { name: RUN_NAME, status: 'running', metrics: ['loss', 'acc', 'val_loss', 'val_acc'], epochs: 0, batches: [], epochEnds: [] },
  };
}

export const isFinished = (phase: Phase): boolean => phase === 'done' || phase === 'early-stopped' || phase === 'cancelled' || phase === 'failed';

/** The chart's run status for how the run ended. */
const RUN_STATUS: Record<RunEndStatus, TrainingRun['status']> = { done: 'done', 'early-stopped': 'done', cancelled: 'stopped', failed: 'failed' };

export function reduceRun(state: RunState, message: PanelMessage): RunState {
  switch (message.type) {
    case 'start':
      return { ...initialRunState(), phase: 'preparing', model: message.model, data: message.data };
    case 'line':
      return message.line.trim() ? { ...state, activity: message.line.trim() } : state;
    case 'cancelling':
      return isFinished(state.phase) ? state : { ...state, phase: 'cancelling' };
    case 'end': {
      const run = { ...state.run, status: RUN_STATUS[message.status], message: message.message };
      return {
        ...state,
        phase: message.status,
        message: message.message,
        run,
        ...(message.outDir ? { outDir: message.outDir } : {}),
        ...(message.reportFile ? { reportFile: message.reportFile } : {}),
      };
    }
    case 'event':
      return withEvent(state, message.event);
  }
}

function withEvent(state: RunState, event: FinetuneEvent): RunState {
  switch (event.type) {
    case 'backend':
      return { ...state, backend: event.name };
    case 'model':
      return { ...state, graph: event.graph, newLayers: event.newLayers, notes: event.notes, plan: event.plan };
    case 'batch':
      return withBatch(state, event);
    case 'epoch': {
      const run = state.run;
      const perEpoch = run.batchesPerEpoch;
      // The epoch's last batch is always reported before its epoch event; its step is where the epoch ended.
      const lastStep = run.batches.length ? run.batches[run.batches.length - 1]!.step : -1;
      const step = perEpoch ? event.epoch * perEpoch - 1 : lastStep;
      const lastEpoch = run.epochEnds.length ? run.epochEnds[run.epochEnds.length - 1]!.epoch : 0;
      if (event.epoch > lastEpoch) run.epochEnds.push({ epoch: event.epoch, step, values: event.values });
      return { ...state, run: { ...run, epochs: event.epochs } };
    }
    case 'refused':
      // The extension's end message says it, with how to fix it.
      return state;
    case 'result':
      return {
        ...state,
        beforeAccuracy: event.beforeAccuracy,
        ...(event.afterAccuracy !== undefined ? { afterAccuracy: event.afterAccuracy } : {}),
      };
  }
}

function withBatch(state: RunState, event: BatchEvent): RunState {
  const run = state.run;
  const step = (event.epoch - 1) * event.batchesPerEpoch + event.batch - 1;
  const lastStep = run.batches.length ? run.batches[run.batches.length - 1]!.step : -1;
  if (step > lastStep) {
    const values: Record<string, number> = { loss: event.loss };
    if (event.accuracy !== undefined) values.acc = event.accuracy;
    run.batches.push({ step, values });
  }
  const { epoch, epochs, batch, batchesPerEpoch, etaSeconds } = event;
  return {
    ...state,
    phase: state.phase === 'cancelling' || isFinished(state.phase) ? state.phase : 'training',
    progress: { epoch, epochs, batch, batchesPerEpoch, etaSeconds },
    run: { ...run, epochs, batchesPerEpoch },
  };
}

/** Every message from the start, in order. */
export function replayRun(messages: readonly PanelMessage[]): RunState {
  return messages.reduce(reduceRun, initialRunState());
}
