// What a live training output's renderer has not seen yet: from the payload it last got (whole, or
// through earlier messages) and the kernel's newest payload, the TrainingAppendMessage carrying only
// the new points (common/outputs.ts). Pure, so it is tested without VS Code.

import type { TrainingAppendMessage, TrainingPayload, TrainingRun } from '../../common/outputs';

/** Per run: its description as last sent, how many batch points it had, its last step and epoch. */
export interface ShownTraining {
  runs: Array<{ description: string; batches: number; lastStep: number; lastEpoch: number }>;
}

export function shownTraining(payload: TrainingPayload): ShownTraining {
  return { runs: payload.runs.map(shownRun) };
}

/**
 * The message that brings a renderer showing `shown` up to `next`, and what it shows then.
 * `message` is absent when there is nothing new. Undefined when a message cannot say it: a run was
 * removed, or the kernel merged batch points (a long run's points are averaged pairwise, see
 * lib/training/trainingRecorder.ts), so the output must be replaced.
 */
export function trainingDelta(
  shown: ShownTraining,
  next: TrainingPayload,
  outputId: string,
): { message?: TrainingAppendMessage; shown: ShownTraining } | undefined {
  if (next.runs.length < shown.runs.length) return undefined;
  const runs: TrainingAppendMessage['runs'] = [];
  for (let index = 0; index < next.runs.length; index++) {
    const run = next.runs[index]!;
    const before = shown.runs[index];
    if (before && run.batches.length < before.batches) return undefined;
    const description = describe(run);
    const batches = before ? after(run.batches, (b) => b.step > before.lastStep) : run.batches;
    const epochEnds = before ? after(run.epochEnds, (e) => e.epoch > before.lastEpoch) : run.epochEnds;
    if (before && before.description === description && batches.length === 0 && epochEnds.length === 0) continue;
    runs.push({
      index,
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the JSON.stringify of this run's own fields, made just above
      ...(before?.description === description ? {} : { run: JSON.parse(description) as Omit<TrainingRun, 'batches' | 'epochEnds'> }),
      batches,
      epochEnds,
    });
  }
  const nextShown = shownTraining(next);
  return runs.length ? { message: { type: 'tlnb.training.append', version: 1, outputId, runs }, shown: nextShown } : { shown: nextShown };
}

function shownRun(run: TrainingRun): ShownTraining['runs'][number] {
  return {
    description: describe(run),
    batches: run.batches.length,
    lastStep: run.batches.at(-1)?.step ?? -1,
    lastEpoch: run.epochEnds.at(-1)?.epoch ?? 0,
  };
}

/** A run without its points, as the message's `run` carries it (same keys, same order). */
function describe(run: TrainingRun): string {
  const { batches: _b, epochEnds: _e, ...description } = run;
  return JSON.stringify(description);
}

/** The tail of `points` that passes `isNew` (points are in order: scan from the end). */
function after<T>(points: T[], isNew: (point: T) => boolean): T[] {
  let start = points.length;
  while (start > 0 && isNew(points[start - 1]!)) start--;
  return points.slice(start);
}
