// The `confusion` output: a heat-mapped count table (rows actual, columns predicted) with each
// class's recall at the end of its row and precision under its column.

import type { ConfusionPayload } from '../../common/outputs';
import { h } from '../dom';
import { css, mix, parseColor, readableOn } from '../color';
import { formatInteger } from '../format';
import { themeColors } from '../theme';
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
    // Correct counts and mistakes get separate scales and hues, so a handful of confusions
    // between two classes stands out even next to diagonal counts a hundred times larger.
    const maxRight = Math.max(1, ...matrix.map((row, i) => row[i] ?? 0));
    const maxWrong = Math.max(1, ...matrix.flatMap((row, i) => row.filter((_, j) => j !== i)));
    const colors = themeColors(root);
    const bg = parseColor(colors.background);
    const right = parseColor(colors.palette[0]!);
    const wrong = parseColor(colors.palette[1]!);
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
            const diagonal = r === c;
            const v = count / (diagonal ? maxRight : maxWrong);
            const fill = mix(diagonal ? right : wrong, bg, count === 0 ? 0 : 0.12 + 0.73 * v);
            const text = count === 0 ? colors.muted : readableOn(fill, [colors.foreground, colors.background]);
            return h(
              'td',
              {
                class: `count${diagonal ? ' diag' : ''}${count === 0 ? ' zero' : ''}`,
                style: `background: ${css(fill)}; color: ${text}`,
                title: `actual ${labels[r]}, predicted ${labels[c]}: ${count}`,
              },
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
  let current = initial;
  return {
    update: (next) => draw((current = next)),
    retheme: () => draw(current),
    dispose: () => undefined,
  };
}
