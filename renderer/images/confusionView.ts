// The `confusion` output: a heat-mapped count table (rows actual, columns predicted) with each
// class's recall at the end of its row and precision under its column.

import type { ConfusionPayload } from '../../common/outputs';
import { csvField } from '../chart/csv';
import { button, download, h } from '../dom';
import { css, mix, parseColor, readableOn } from '../color';
import { formatInteger } from '../format';
import { themeColors } from '../theme';
import type { OutputView } from '../view';
import { confusionMetrics } from './confusionMetrics';

const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

/** Classes drawn as rows and columns: 40×40 cells; a bigger matrix is summed up and exported whole. */
export const MAX_CLASSES = 40;

export function confusionView(root: HTMLElement, initial: ConfusionPayload): OutputView<ConfusionPayload> {
  const draw = (payload: ConfusionPayload) => {
    const { labels, matrix } = payload;
    if (matrix.length !== labels.length || matrix.some((row) => row.length !== labels.length)) {
      throw new Error(`confusion matrix must be ${labels.length}×${labels.length} (one row and column per label).`);
    }
    const m = confusionMetrics(matrix);
    // Correct counts and mistakes get separate scales and hues, so a handful of confusions
    // between two classes stands out even next to diagonal counts a hundred times larger.
    // Over the whole matrix, in loops (spreading a million counts into Math.max overflows the stack).
    let maxRight = 1;
    let maxWrong = 1;
    for (let i = 0; i < matrix.length; i++) {
      const row = matrix[i]!;
      for (let j = 0; j < row.length; j++) {
        const v = row[j]!;
        if (i === j) maxRight = Math.max(maxRight, v);
        else maxWrong = Math.max(maxWrong, v);
      }
    }
    const shown = Math.min(labels.length, MAX_CLASSES);
    const hidden = labels.length - shown;
    const colors = themeColors(root);
    const bg = parseColor(colors.background);
    const right = parseColor(colors.palette[0]!);
    const wrong = parseColor(colors.palette[1]!);
    const table = h('table', { class: 'confusion' });
    const shownLabels = labels.slice(0, shown);
    const moreColumns = hidden > 0 ? [h('th', { class: 'more-cell', title: `${hidden} more classes: export CSV for the whole matrix` }, `+${formatInteger(hidden)}`)] : [];
    table.append(
      h('tr', {}, h('th', {}), h('th', { class: 'axis', colspan: shown + moreColumns.length }, 'predicted →'), h('th', {})),
      h('tr', {}, h('th', { class: 'axis' }, 'actual ↓'), ...shownLabels.map((l) => h('th', { scope: 'col' }, l)), ...moreColumns, h('th', { class: 'recall' }, 'recall')),
    );
    for (let r = 0; r < shown; r++) {
      const row = matrix[r]!;
      const cells: HTMLElement[] = [];
      for (let c = 0; c < shown; c++) {
        const count = row[c]!;
        const diagonal = r === c;
        const v = count / (diagonal ? maxRight : maxWrong);
        const fill = mix(diagonal ? right : wrong, bg, count === 0 ? 0 : 0.12 + 0.73 * v);
        const text = count === 0 ? colors.muted : readableOn(fill, [colors.foreground, colors.background]);
        cells.push(
          h(
            'td',
            {
              class: `count${diagonal ? ' diag' : ''}${count === 0 ? ' zero' : ''}`,
              style: `background: ${css(fill)}; color: ${text}`,
              title: `actual ${labels[r]}, predicted ${labels[c]}: ${count}`,
            },
            formatInteger(count),
          ),
        );
      }
      if (hidden > 0) {
        // What this row predicted as one of the classes not drawn, summed.
        let rest = 0;
        for (let c = shown; c < row.length; c++) rest += row[c]!;
        cells.push(h('td', { class: 'more-cell', title: `actual ${labels[r]}, predicted one of the ${hidden} classes not drawn: ${rest}` }, formatInteger(rest)));
      }
      table.append(h('tr', {}, h('th', { scope: 'row' }, labels[r]!), ...cells, h('td', { class: 'metric recall' }, percent(m.recall[r]!))));
    }
    table.append(
      h(
        'tr',
        { class: 'precision' },
        h('th', {}, 'precision'),
        ...m.precision.slice(0, shown).map((p) => h('td', { class: 'metric' }, percent(p))),
        ...moreColumns.map(() => h('td', {})),
        h('td', { class: 'metric recall' }),
      ),
    );
    const facts = h('span', { class: 'facts' }, `${formatInteger(m.total)} examples · accuracy `, h('b', {}, percent(m.accuracy)));
    const toolbar = h(
      'span',
      { class: 'toolbar' },
      button('CSV', 'Export the whole matrix as CSV', () => download(root, new Blob([confusionCsv(payload)], { type: 'text/csv' }), `${payload.title ?? 'confusion'}.csv`)),
    );
    const note =
      hidden > 0
        ? [h('div', { class: 'more', role: 'status' }, `Showing ${formatInteger(shown)} of ${formatInteger(labels.length)} classes: ${formatInteger(hidden)} more rows and columns not drawn (accuracy counts them all; CSV has the whole matrix).`)]
        : [];
    root.replaceChildren(h('div', { class: 'header' }, h('span', { class: 'name' }, payload.title ?? 'Confusion matrix'), facts, toolbar), ...note, table);
  };
  draw(initial);
  let current = initial;
  return {
    update: (next) => draw((current = next)),
    retheme: () => draw(current),
    dispose: () => undefined,
  };
}

/** The whole matrix: a header row of predicted labels, then one row per actual label. */
export function confusionCsv(payload: ConfusionPayload): string {
  const lines = [['actual \\ predicted', ...payload.labels].map(csvField).join(',')];
  payload.matrix.forEach((row, r) => lines.push([payload.labels[r] ?? '', ...row].map(csvField).join(',')));
  return lines.join('\n') + '\n';
}
