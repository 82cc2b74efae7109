// The fine-tune panel's page: what runs and where it stands, the prepared model's layer graph
// (frozen layers marked) and the live training curves. The graph and the curves are the notebook
// renderer's own views (graph/modelView, chart/trainingView), fed from the run's state.

import { formatDuration } from '../../common/duration';
import { modelView } from '../graph/modelView';
import { trainingView, type TrainingView } from '../chart/trainingView';
import { button, h } from '../dom';
import type { OutputView } from '../view';
import type { ModelGraphPayload } from '../../common/outputs';
import { isFinished, type Phase, type RunState } from './runState';

export interface PanelActions {
  cancel(): void;
  openReport(): void;
}

export interface FinetunePanelView {
  show(state: RunState): void;
  retheme(): void;
  dispose(): void;
}

const PHASE_TEXT: Record<Phase, string> = {
  starting: 'starting',
  preparing: 'preparing',
  training: 'training',
  cancelling: 'cancelling…',
  done: 'done',
  'early-stopped': 'stopped early',
  cancelled: 'cancelled',
  failed: 'failed',
};

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function finetunePanelView(root: HTMLElement, actions: PanelActions): FinetunePanelView {
  const title = h('span', { class: 'name' });
  const facts = h('span', { class: 'facts' });
  const cancel = button('Cancel training', 'Cancel training: it stops at the next batch and nothing is saved', actions.cancel, { class: 'cancel' });
  const report = button('Open report', 'Open the report notebook of this run', actions.openReport, { class: 'open-report' });
  const phase = h('span', { class: 'phase' });
  const progress = h('span', { class: 'progress' });
  const activity = h('div', { class: 'activity note' });
  const outcome = h('div', { class: 'outcome' });
  const closing = h('div', { class: 'note closing-note' }, 'Closing this panel does not stop the training; Cancel (here or in the notification) does.');
  const plan = h('div', { class: 'plan note' });
  const graphWaiting = h('div', { class: 'note waiting' });
  const graphHost = h('div', { class: 'graph-host' }, graphWaiting);
  // The chart names itself ("Training") once it is drawn; until then this heading does.
  const chartHeading = h('h2', {}, 'Training');
  const chartWaiting = h('div', { class: 'note waiting' });
  const chartHost = h('div', { class: 'chart-host' }, chartWaiting);

  root.append(
    h('div', { class: 'header' }, title, facts, h('span', { class: 'toolbar' }, cancel, report)),
    h('div', { class: 'run-status', role: 'status', 'aria-live': 'polite' }, phase, progress),
    activity,
    outcome,
    closing,
    // The curves first: they are what changes while training runs; the graph is there before them.
    h('section', { class: 'curves' }, chartHeading, chartHost),
    h('section', { class: 'layers' }, h('h2', {}, 'Layers'), plan, graphHost),
  );

  let graph: OutputView<ModelGraphPayload> | undefined;
  let shownGraph: ModelGraphPayload | undefined;
  let chart: TrainingView | undefined;

  function showHeader(state: RunState): void {
    title.textContent = `Fine-tune: ${state.model ?? ''}`;
    facts.replaceChildren(
      ...(state.data ? ['on ', h('b', {}, state.data)] : []),
      ...(state.backend ? [' · backend ', h('b', { 'data-fact': 'backend' }, state.backend)] : []),
    );
    const finished = isFinished(state.phase);
    cancel.hidden = finished || state.phase === 'starting';
    cancel.disabled = state.phase === 'cancelling';
    report.hidden = !state.reportFile;
  }

  function showStatus(state: RunState): void {
    root.dataset.phase = state.phase;
    phase.className = `phase phase-${state.phase}`;
    phase.textContent = PHASE_TEXT[state.phase];
    const p = state.progress;
    progress.textContent = p
      ? ` · epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batchesPerEpoch}${isFinished(state.phase) ? '' : ` · ETA ${formatDuration(p.etaSeconds)}`}`
      : '';
    activity.textContent = isFinished(state.phase) ? '' : (state.activity ?? '');
    activity.hidden = !activity.textContent;
    const accuracy =
      state.beforeAccuracy !== undefined
        ? `validation accuracy ${percent(state.beforeAccuracy)}${state.afterAccuracy !== undefined ? ` → ${percent(state.afterAccuracy)}` : ' before training'}`
        : '';
    outcome.className = `outcome${state.phase === 'failed' ? ' error' : ''}`;
    outcome.replaceChildren(...(state.message ? [state.message] : []), ...(accuracy && state.phase !== 'failed' ? [h('div', { class: 'accuracy' }, accuracy)] : []));
    closing.hidden = isFinished(state.phase);
  }

  function showGraph(state: RunState): void {
    plan.replaceChildren(
      ...(state.plan ? [h('div', {}, state.plan)] : []),
      ...state.notes.map((note) => h('div', {}, note)),
    );
    graphWaiting.textContent = isFinished(state.phase)
      ? 'No layer graph: the run ended before the model was prepared.'
      : 'The layer graph appears once the model is prepared, before training starts.';
    if (!state.graph || state.graph === shownGraph) return;
    shownGraph = state.graph;
    if (graph) {
      graph.update(state.graph);
      return;
    }
    const host = h('div', { class: 'view' });
    graphHost.replaceChildren(host);
    graph = modelView(host, state.graph);
  }

  function showChart(state: RunState): void {
    const run = state.run;
    chartWaiting.textContent = isFinished(state.phase) ? 'No curves: the run ended before its first batch.' : 'The curves appear with the first batch.';
    if (run.batches.length === 0 && run.epochEnds.length === 0) return;
    const payload = { version: 1 as const, runs: [run] };
    if (chart) {
      chart.update(payload);
      return;
    }
    const host = h('div', { class: 'view' });
    chartHost.replaceChildren(host);
    chartHeading.remove();
    chart = trainingView(host, payload);
  }

  return {
    show(state) {
      showHeader(state);
      showStatus(state);
      showGraph(state);
      showChart(state);
    },
    retheme() {
      graph?.retheme();
      chart?.retheme();
    },
    dispose() {
      graph?.dispose();
      chart?.dispose();
      root.replaceChildren();
    },
  };
}
