// Every logged value of every run as CSV: one row per batch and one per finished epoch.

import type { TrainingPayload } from '../../common/outputs';

export function trainingCsv(payload: TrainingPayload): string {
  const metrics: string[] = [];
  for (const run of payload.runs) for (const m of run.metrics) if (!metrics.includes(m)) metrics.push(m);
  const lines = [['run', 'kind', 'step', 'epoch', ...metrics].map(csvField).join(',')];
  for (const run of payload.runs) {
    const perEpoch = run.batchesPerEpoch;
    for (const b of run.batches) {
      const epoch = perEpoch ? Math.floor(b.step / perEpoch) + 1 : '';
      lines.push([run.name, 'batch', b.step, epoch, ...metrics.map((m) => b.values[m] ?? '')].map(csvField).join(','));
    }
    for (const e of run.epochEnds) {
      lines.push([run.name, 'epoch', e.step, e.epoch, ...metrics.map((m) => e.values[m] ?? '')].map(csvField).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Quotes a field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
