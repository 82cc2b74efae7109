// The `model` output: header with totals, toolbar, the zoomable layer graph and a details panel.

import type { ModelGraphPayload } from '../../common/outputs';
import { button, download, h } from '../dom';
import { formatCompact, formatInteger } from '../format';
import { themeColors } from '../theme';
import type { OutputView } from '../view';
import { detailsPanel } from './details';
import { displayGraph, type DisplayNode } from './displayGraph';
import { drawGraph, MAX_DRAWN_NODES, type DrawnGraph } from './draw';
import { standaloneSvg, svgToPng } from './exportImage';
import { canvasMeasure, layoutGraph, type GraphLayout, type MeasureText } from './layout';
import { attachZoom, type Zoom, type ZoomState } from './zoom';

const MAX_FRAME_HEIGHT = 620;

export function modelView(root: HTMLElement, initial: ModelGraphPayload): OutputView<ModelGraphPayload> {
  let payload = initial;
  const expanded = new Set<string>();
  let measure: MeasureText | undefined;
  let layout: GraphLayout;
  let drawn: DrawnGraph | undefined;
  let zoom: Zoom | undefined;
  let selected: string | undefined;
  let details: HTMLElement | undefined;
  let capNote: HTMLElement | undefined;

  const header = h('div', { class: 'header' });
  const frame = h('div', { class: 'graph-frame' });
  const legend = h('div', { class: 'legend' });
  root.append(header, frame, legend);

  let frameWidth = 0;
  let frameHeight = 0;
  const resize = new ResizeObserver(() => {
    if (frame.clientWidth) frameWidth = frame.clientWidth;
  });
  resize.observe(frame);

  const nodeById = () => new Map(layout.nodes.map((n) => [n.node.id, n.node]));

  function renderHeader(): void {
    const { trainable, nonTrainable } = payload.totals;
    const frozenLayers = payload.layers.filter((l) => !l.trainable).length;
    header.replaceChildren(
      h('span', { class: 'name' }, payload.name),
      h(
        'span',
        { class: 'facts' },
        `${payload.className} · ${payload.layers.length} layers · `,
        h('b', {}, formatCompact(trainable + nonTrainable)),
        ' params (',
        h('b', { 'data-total': 'trainable' }, formatInteger(trainable)),
        ' trainable, ',
        h('b', { 'data-total': 'non-trainable' }, formatInteger(nonTrainable)),
        ' non-trainable)',
        frozenLayers > 0 ? ` · ${frozenLayers} frozen` : '',
      ),
      h(
        'span',
        { class: 'toolbar' },
        button('−', 'Zoom out', () => zoom?.zoomBy(1 / 1.25)),
        button('+', 'Zoom in', () => zoom?.zoomBy(1.25)),
        button('Fit', 'Fit the whole graph', () => fit(true)),
        button('1:1', 'Actual size', () => zoom?.set({ ...zoom.state(), k: 1 })),
        h('span', { class: 'sep' }),
        button('SVG', 'Export as SVG', exportSvg),
        button('PNG', 'Export as PNG', () => void exportPng()),
      ),
    );
  }

  function renderLegend(): void {
    const swatch = (v: string) => h('span', { class: 'swatch', style: `background: var(${v})` });
    const item = (v: string, text: string) => h('span', {}, swatch(v), text);
    legend.replaceChildren(
      item('--blue', 'conv / pool'),
      item('--purple', 'dense / recurrent'),
      item('--green', 'normalisation / dropout'),
      item('--orange', 'activation'),
      item('--yellow', 'merge'),
      ...(payload.layers.some((l) => l.nested) ? [item('--red', 'nested model (click to expand)')] : []),
      ...(payload.layers.some((l) => !l.trainable) || hasFrozenNested(payload) ? [h('span', {}, '▨ dashed, hatched: frozen')] : []),
      h('span', {}, 'drag to pan · Ctrl+wheel to zoom · click a layer for details'),
    );
  }

  function relayout(keepView: boolean): void {
    // Read sizes before the new graph is in the DOM: reading them after would force a layout
    // of every node before the first paint.
    frameWidth = frame.clientWidth || frameWidth || 800;
    measure ??= canvasMeasure();
    const family = themeColors(root).fontFamily;
    layout = layoutGraph(displayGraph(payload, expanded), measure, family);
    const previous = zoom?.state();
    zoom?.dispose();
    drawn = drawGraph(layout);
    drawn.svg.setAttribute('aria-label', `Layer graph of ${payload.name}`);
    frameHeight = computeFrameHeight();
    frame.style.height = `${frameHeight}px`;
    frame.replaceChildren(drawn.svg);
    capNote = undefined;
    if (details) frame.append(details);
    zoom = attachZoom(drawn.svg, drawn.viewport, () => layout, () => ({ width: frameWidth, height: frameHeight - 2 }), drawVisible);
    drawn.svg.addEventListener('click', onClick);
    drawn.svg.addEventListener('keydown', onKey);
    if (keepView && previous) zoom.set(previous);
    else fit(false);
    markSelection();
  }

  /** Draws what the view shows plus a margin of about a screen, so panning finds it drawn. */
  function drawVisible(st: ZoomState): void {
    if (!drawn) return;
    const margin = Math.max(frameWidth, frameHeight) / st.k;
    const { added, notDrawn } = drawn.materialize({
      x0: -st.x / st.k - margin,
      y0: -st.y / st.k - margin,
      x1: (frameWidth - st.x) / st.k + margin,
      y1: (frameHeight - st.y) / st.k + margin,
    });
    if (added > 0) markSelection();
    showCapNote(notDrawn);
  }

  /** Zoomed out over more layers than are drawn at once: says so, and how to see them. */
  function showCapNote(notDrawn: number): void {
    if (notDrawn === 0) {
      capNote?.remove();
      capNote = undefined;
      return;
    }
    capNote ??= h('div', { class: 'cap-note', role: 'status' });
    capNote.textContent = `${formatInteger(MAX_DRAWN_NODES)} layers drawn, ${formatInteger(notDrawn)} more in view: zoom in to see them (SVG export has all ${formatInteger(layout.nodes.length)})`;
    if (capNote.parentNode !== frame) frame.append(capNote);
  }

  function markSelection(): void {
    if (!drawn || !selected) return;
    drawn.nodeElements.get(selected)?.classList.add('selected');
    drawn.svg.querySelectorAll(`.edge`).forEach((e) => {
      if (e.getAttribute('data-from') === selected || e.getAttribute('data-to') === selected) e.classList.add('lit');
    });
  }

  function computeFrameHeight(): number {
    const k = Math.min(1, frameWidth / layout.width);
    return Math.max(160, Math.min(MAX_FRAME_HEIGHT, Math.ceil(layout.height * Math.max(k, 0.75)) + 2));
  }

  /** Small graphs fit whole; tall ones start readable at the top (scale ≥ 0.75) and pan. */
  function fit(whole: boolean): void {
    if (!zoom || !drawn) return;
    const vw = frameWidth;
    const vh = frameHeight - 2;
    let k = Math.min(1, vw / layout.width, whole ? vh / layout.height : Infinity);
    if (!whole) k = Math.max(k, Math.min(1, 0.75));
    zoom.set({ k, x: (vw - layout.width * k) / 2, y: 0 });
  }

  function select(node: DisplayNode | undefined): void {
    drawn?.svg.querySelectorAll('.selected').forEach((e) => e.classList.remove('selected'));
    drawn?.svg.querySelectorAll('.edge.lit').forEach((e) => e.classList.remove('lit'));
    details?.remove();
    details = undefined;
    selected = node?.id;
    if (!node || !drawn) return;
    markSelection();
    details = detailsPanel(node.layer, () => select(undefined));
    frame.append(details);
  }

  function onClick(event: MouseEvent): void {
    if (zoom?.dragged()) return;
    const target = event.target;
    if (!(target instanceof Element)) return;
    const cluster = target.closest('.cluster');
    if (cluster) {
      expanded.delete(cluster.getAttribute('data-id')!);
      relayout(true);
      return;
    }
    const nodeElement = target.closest('.node');
    if (!nodeElement) return select(undefined);
    const node = nodeById().get(nodeElement.getAttribute('data-id')!);
    if (!node) return;
    if (node.kind === 'model') {
      expanded.add(node.id);
      relayout(true);
    }
    select(node);
  }

  function onKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const nodeElement = event.target instanceof Element ? event.target.closest('.node') : null;
    if (!nodeElement) return;
    event.preventDefault();
    nodeElement.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  }

  function exportSvg(): void {
    if (!drawn) return;
    drawn.materializeAll();
    const text = standaloneSvg(drawn.svg, layout, themeColors(root).background);
    download(root, new Blob([text], { type: 'image/svg+xml' }), `${payload.name}.svg`);
  }

  async function exportPng(): Promise<void> {
    if (!drawn) return;
    drawn.materializeAll();
    const text = standaloneSvg(drawn.svg, layout, themeColors(root).background);
    download(root, await svgToPng(text, layout), `${payload.name}.png`);
  }

  function render(next: ModelGraphPayload): void {
    payload = next;
    renderHeader();
    renderLegend();
    relayout(false);
  }

  render(payload);
  return {
    update: (next) => {
      if (JSON.stringify(next) !== JSON.stringify(payload)) render(next);
    },
    retheme: () => relayout(true),
    dispose: () => {
      resize.disconnect();
      zoom?.dispose();
    },
  };
}

function hasFrozenNested(payload: ModelGraphPayload): boolean {
  // A stack, not recursion: nesting depth comes from the payload.
  const stack = [payload];
  while (stack.length > 0) {
    for (const l of stack.pop()!.layers) {
      if (!l.nested) continue;
      if (!l.trainable) return true;
      stack.push(l.nested);
    }
  }
  return false;
}
