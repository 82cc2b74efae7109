// The `confusion` output: a heat-mapped count table (rows actual, columns predicted) with each
// class's recall at the end of its row and precision under its column.

import type { ConfusionPayload } from '../../common/outputs';
import { h } from '../dom';
import { formatInteger } from '../format';
import type { OutputView } from '../view';
import { confusionMetrics } from './confusionMetrics';

const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

export function confusionView(root: HTMLElement, initial: ConfusionPayload): OutputView<ConfusionPayload> {
  const draw = (payload: ConfusionPayload) => {
    const { labels, matrix } = payload;
    if (matrix.length !== labels.length || matrix.some((row) => row.length !== labels.length)) {
      throw new Error(`confusion matrix must be ${labels.length}×${labels.length} (one row and column per label).`);
    }
    const m = confusionMetrics(matrix);
    const max = Math.max(1, ...matrix.flat());
    const table = h('table', { class: 'confusion' });
    table.append(
      h('tr', {}, h('th', {}), h('th', { class: 'axis', colspan: labels.length }, 'predicted →'), h('th', {})),
      h('tr', {}, h('th', { class: 'axis' }, 'actual ↓'), ...labels.map((l) => h('th', { scope: 'col' }, l)), h('th', { class: 'recall' }, 'recall')),
    );
    matrix.forEach((row, r) => {
      table.append(
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, labels[r]!),
          ...row.map((count, c) => {
            const v = count / max;
            const classes = ['count', r === c ? 'diag' : '', count === 0 ? 'zero' : '', v > 0.55 ? 'strong' : ''].filter(Boolean);
            return h(
              'td',
              { class: classes.join(' '), style: `--v: ${v.toFixed(3)}`, title: `actual ${labels[r]}, predicted ${labels[c]}: ${count}` },
              formatInteger(count),
            );
          }),
          h('td', { class: 'metric recall' }, percent(m.recall[r]!)),
        ),
      );
    });
    table.append(
      h('tr', { class: 'precision' }, h('th', {}, 'precision'), ...m.precision.map((p) => h('td', { class: 'metric' }, percent(p))), h('td', { class: 'metric recall' })),
    );
    root.replaceChildren(
      h(
        'div',
        { class: 'header' },
        h('span', { class: 'name' }, payload.title ?? 'Confusion matrix'),
        h('span', { class: 'facts' }, `${formatInteger(m.total)} examples · accuracy `, h('b', {}, percent(m.accuracy))),
      ),
      table,
    );
  };
  draw(initial);
  return { update: draw, retheme: () => undefined, dispose: () => undefined };
}
