// How a fine-tune's progress reads: time left and one line per epoch, for the CLI and notebook
// cells. Pure. (The run's curves are recorded by lib/training/trainingRecorder.ts.)

import { formatDuration } from '../../../common/duration';

/** Seconds left, from the time the finished steps took. */
export function etaSeconds(elapsedSeconds: number, doneSteps: number, totalSteps: number): number {
  if (doneSteps <= 0) return NaN;
  return (elapsedSeconds / doneSteps) * Math.max(0, totalSteps - doneSteps);
}

/** One line per epoch, for the CLI and notebook cells: "epoch 2/10  loss 0.3121  acc 0.9012  val_loss …  0:12, ETA 0:48". */
export function formatEpoch(progress: { epoch: number; epochs: number; values: Record<string, number>; elapsedSeconds: number; etaSeconds: number; best?: boolean }): string {
  const figures = ['loss', 'acc', 'val_loss', 'val_acc']
    .filter((k) => progress.values[k] !== undefined)
    .map((k) => `${k} ${progress.values[k]!.toFixed(4)}`)
    .join('  ');
  const width = String(progress.epochs).length;
  return `epoch ${String(progress.epoch).padStart(width)}/${progress.epochs}  ${figures}  ${formatDuration(progress.elapsedSeconds)}, ETA ${formatDuration(progress.etaSeconds)}${progress.best ? '  (best so far)' : ''}`;
}
