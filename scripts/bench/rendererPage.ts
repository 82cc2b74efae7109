// The in-page half of the renderer benchmark: drives the real renderer (through the harness
// page's window.tlnb, which calls dist/renderer.js) and the references it is compared with:
// - dagre's layout alone on the same graph (the floor for any dagre-based graph view);
// - a tfjs-vis-style chart update: throw the charts away and draw them again from all the data.
// Bundled by scripts/bench/renderer.ts into out/bench/page.js.

import dagre, { type LayoutOptions } from '@dagrejs/dagre';
import uPlot from 'uplot';
import type { ModelGraphPayload, TrainingAppendMessage, TrainingPayload } from '../../common/outputs';
import { LARGE_GRAPH_OPTIONS } from '../../renderer/graph/layout';
import { chainModel, confusionOf, imagesOf } from '../../test/fixtures/largePayloads';

/**
 * dagre alone on the same graph: with its default options, as a dagre-based viewer (Netron,
 * TensorBoard) calls it, and with the options the renderer uses for large graphs.
 */
function dagreLayout(payload: ModelGraphPayload, options: LayoutOptions): number {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 22, ranksep: 26, edgesep: 12, marginx: 12, marginy: 12, ...options });
  g.setDefaultEdgeLabel(() => ({}));
  for (const layer of payload.layers) g.setNode(layer.id, { width: 220, height: 44 });
  for (const layer of payload.layers) for (const source of layer.inbound) g.setEdge(source, layer.id);
  dagre.layout(g, options);
  return g.nodeCount();
}

let charts: uPlot[] = [];

/** Every update rebuilds both charts (loss and acc; raw, smoothed and val series) from scratch. */
function fullRerender(container: HTMLElement, payload: TrainingPayload): void {
  for (const chart of charts) chart.destroy();
  charts = [];
  container.replaceChildren();
  const run = payload.runs[0]!;
  for (const family of ['loss', 'acc']) {
    const x: number[] = [];
    const raw: number[] = [];
    const smooth: number[] = [];
    const val: Array<number | undefined> = [];
    let last = 0;
    for (const b of run.batches) {
      const v = b.values[family]!;
      last = last * 0.6 + 0.4 * v;
      x.push(b.step);
      raw.push(v);
      smooth.push(last / (1 - Math.pow(0.6, x.length)));
      val.push(undefined);
    }
    for (const e of run.epochEnds) val[e.step] = e.values[`val_${family}`];
    const cell = document.createElement('div');
    container.append(cell);
    charts.push(
      new uPlot(
        {
          width: 442,
          height: 210,
          pxAlign: false,
          legend: { show: false },
          scales: { x: { time: false } },
          series: [{}, { stroke: 'red', alpha: 0.22 }, { stroke: 'red' }, { stroke: 'red', dash: [6, 4], spanGaps: true }],
        },
        [x, raw, smooth, val] as uPlot.AlignedData,
        cell,
      ),
    );
  }
}

interface Harness {
  render(id: string, mime: string, payload: string | TrainingPayload): void;
  postMessage(message: TrainingAppendMessage): void;
  dispose(id: string): void;
}
const harness = () => (window as unknown as { tlnb: Harness }).tlnb;

/** Resolves after the next frame has been produced and the tasks queued during it have run. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => drained().then(resolve)));
}

/** Resolves once the microtasks queued so far (uPlot commits its redraws in one) have run. */
function drained(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

/** Lets queued microtasks run (uPlot draws in one), without waiting for a frame. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

/** Graph: renderOutputItem until the frame showing the graph is painted, vs dagre alone. */
async function measureGraph(
  text: string,
  mime: string,
  runs: number,
): Promise<{ ours: number[]; script: number[]; reference: number[]; referenceLight: number[] }> {
  const ours: number[] = [];
  const script: number[] = [];
  const referenceLight: number[] = [];
  const reference: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    await afterPaint();
    const t0 = performance.now();
    harness().render(`graph${i}`, mime, text);
    script.push(performance.now() - t0);
    await afterPaint();
    ours.push(performance.now() - t0);
    harness().dispose(`graph${i}`);
    const payload = JSON.parse(text) as ModelGraphPayload;
    const t1 = performance.now();
    dagreLayout(payload, {});
    reference.push(performance.now() - t1);
    const t2 = performance.now();
    dagreLayout(payload, LARGE_GRAPH_OPTIONS);
    referenceLight.push(performance.now() - t2);
  }
  // The first two runs warm up the JIT.
  return { ours: ours.slice(2), script: script.slice(2), reference: reference.slice(2), referenceLight: referenceLight.slice(2) };
}

/** Chart: `updates` re-renders, one per frame, each `step` batches longer than the last. */
async function measureChart(text: string, mime: string, base: number, updates: number, step: number) {
  const full = JSON.parse(text) as TrainingPayload;
  const run = full.runs[0]!;
  const upTo = (points: number): TrainingPayload => ({
    version: 1,
    // Mid-fit, as the live path sees it: the run is still running.
    runs: [{ ...run, status: 'running', batches: run.batches.slice(0, points), epochEnds: run.epochEnds.filter((e) => e.step < points) }],
  });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const payloads = Array.from({ length: updates }, (_, i) => upTo(base + (i + 1) * step));

  const t0 = performance.now();
  harness().render('chart', mime, upTo(base));
  await drained();
  const initial = performance.now() - t0;

  // Per update: main-thread script time (renderOutputItem plus uPlot's redraw, which it commits
  // in a microtask) and the time until the frame showing it has been rendered.
  const ours: number[] = [];
  const oursFrame: number[] = [];
  const start = performance.now();
  for (const payload of payloads) {
    await frame();
    const t = performance.now();
    harness().render('chart', mime, payload);
    await microtasks();
    ours.push(performance.now() - t);
    await drained();
    oursFrame.push(performance.now() - t);
  }
  const oursWall = performance.now() - start;

  // Today's replace path as VS Code runs it: the whole payload re-sent as bytes the renderer parses
  // (item.json()) before the view appends the new points. The text is made before the clock starts.
  const replaced: number[] = [];
  harness().render('replaced', mime, upTo(base));
  await drained();
  for (const payload of payloads) {
    const text = JSON.stringify(payload);
    await frame();
    const t = performance.now();
    harness().render('replaced', mime, text);
    await microtasks();
    replaced.push(performance.now() - t);
  }
  harness().dispose('replaced');

  // The same updates as renderer messages (TrainingAppendMessage): only the new points travel.
  const messaged: number[] = [];
  const messageBytes = JSON.stringify(message(base, step)).length;
  harness().render('messaged', mime, upTo(base));
  await drained();
  for (let i = 0; i < updates; i++) {
    const m = message(base + i * step, step);
    await frame();
    const t = performance.now();
    harness().postMessage(JSON.parse(JSON.stringify(m)) as TrainingAppendMessage);
    await microtasks();
    messaged.push(performance.now() - t);
  }

  function message(from: number, count: number): TrainingAppendMessage {
    return {
      type: 'tlnb.training.append',
      version: 1,
      outputId: 'messaged',
      runs: [{ index: 0, batches: run.batches.slice(from, from + count), epochEnds: run.epochEnds.filter((e) => e.step >= from && e.step < from + count) }],
    };
  }

  const host = document.createElement('div');
  host.style.width = '900px';
  document.body.append(host);
  const reference: number[] = [];
  const referenceFrame: number[] = [];
  for (const payload of payloads) {
    await frame();
    const t = performance.now();
    fullRerender(host, payload);
    await microtasks();
    reference.push(performance.now() - t);
    await drained();
    referenceFrame.push(performance.now() - t);
  }
  // What VS Code spends before the renderer runs when the whole payload is re-sent.
  const texts = payloads.slice(0, 10).map((p) => JSON.stringify(p));
  const parse = texts.map((s) => {
    const t = performance.now();
    JSON.parse(s);
    return performance.now() - t;
  });
  return { initial, ours, oursFrame, oursWall, replaced, messaged, messageBytes, reference, referenceFrame, parse, bytes: texts[0]!.length };
}

/** The renderer-limit cases, built here (50,000 images are 55 MB of JSON; no need to send them). */
function limitPayload(kind: string, size: number): { mime: string; text: string } {
  if (kind === 'chain') return { mime: 'application/vnd.tlnb.model+json', text: JSON.stringify(chainModel(size)) };
  if (kind === 'confusion') return { mime: 'application/vnd.tlnb.confusion+json', text: JSON.stringify(confusionOf(size)) };
  if (kind === 'images') return { mime: 'application/vnd.tlnb.images+json', text: JSON.stringify(imagesOf(size)) };
  throw new Error(`unknown case ${kind}`);
}

/**
 * One limit case: renderOutputItem with the payload as JSON text (parsed by the renderer, as in
 * VS Code) until the frame showing it is painted; then the output's element count.
 */
async function measureLimit(kind: string, size: number, runs: number): Promise<{ ours: number[]; script: number[]; elements: number; bytes: number }> {
  const { mime, text } = limitPayload(kind, size);
  const ours: number[] = [];
  const script: number[] = [];
  let elements = 0;
  for (let i = 0; i < runs + 1; i++) {
    await afterPaint();
    const id = `limit${i}`;
    const t0 = performance.now();
    harness().render(id, mime, text);
    script.push(performance.now() - t0);
    await afterPaint();
    ours.push(performance.now() - t0);
    const element = document.getElementById(id)!;
    const error = element.shadowRoot?.querySelector('.error')?.textContent;
    if (error) throw new Error(`${kind} ${size}: ${error}`);
    elements = element.shadowRoot?.querySelectorAll('*').length ?? 0;
    harness().dispose(id);
  }
  // The first run warms up the JIT.
  return { ours: ours.slice(1), script: script.slice(1), elements, bytes: text.length };
}

(window as unknown as { bench: unknown }).bench = { measureGraph, measureChart, measureLimit };
