// Draws a laid-out graph as SVG. Every string from the payload goes in through textContent.

import { s } from '../dom';
import { category } from './category';
import { CARD, type GraphLayout, type PlacedEdge, type PlacedNode } from './layout';
import { mergeSymbol } from './nodeText';

export interface DrawnGraph {
  svg: SVGSVGElement;
  /** The group that zoom and pan transform. */
  viewport: SVGGElement;
  /** Node elements drawn now, by display id. */
  nodeElements: Map<string, SVGGElement>;
  /**
   * Draws the nodes and edges that touch `rect` (graph coordinates) and are not drawn yet, and,
   * once more than MAX_DRAWN_NODES are drawn, removes those out of `rect` again. Only what comes
   * into view is ever built, so a 177-layer graph's first frame styles and paints a screenful of
   * nodes, not all of them; and however far out a huge graph is zoomed, at most MAX_DRAWN_NODES
   * layers (and MAX_DRAWN_EDGES edges) are in the page: `notDrawn` says how many in `rect` were left out.
   */
  materialize(rect: Rect): Materialized;
  /** Draws everything, for the exports (no cap). */
  materializeAll(): Materialized;
}

export interface Materialized {
  /** Elements added by this call. */
  added: number;
  /** Layers inside the rect that the cap left undrawn. */
  notDrawn: number;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The most layers (and edges) in the page at once: about 10 SVG elements each. */
export const MAX_DRAWN_NODES = 1500;
export const MAX_DRAWN_EDGES = 3000;

const overlaps = (a: Rect, b: Rect) => a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;

/** The bounding box of a route, without spreading it into Math.min/max. */
function routeBox(points: ReadonlyArray<{ x: number; y: number }>): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    if (p.x < x0) x0 = p.x;
    if (p.x > x1) x1 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.y > y1) y1 = p.y;
  }
  return { x0: x0 - 12, y0, x1: x1 + 12, y1 };
}

interface Item<T> {
  value: T;
  box: Rect;
  element?: SVGGElement;
}

export function drawGraph(layout: GraphLayout): DrawnGraph {
  const svg = s('svg', { class: 'graph', role: 'img', width: '100%', height: '100%' });
  svg.append(definitions());
  const viewport = s('g', { class: 'viewport' });
  const clusters = s('g', { class: 'clusters' });
  const edges = s('g', { class: 'edges' });
  const nodes = s('g', { class: 'nodes' });
  for (const cluster of layout.clusters) {
    clusters.append(
      s(
        'g',
        { class: 'cluster', 'data-id': cluster.id },
        s('rect', {
          x: cluster.x - cluster.width / 2,
          y: cluster.y - cluster.height / 2,
          width: cluster.width,
          height: cluster.height,
          rx: 8,
        }),
        s('text', { class: 'cluster-label', x: cluster.x - cluster.width / 2 + 10, y: cluster.y - cluster.height / 2 + 15 }, cluster.label),
      ),
    );
  }
  viewport.append(clusters, edges, nodes);
  svg.append(viewport);

  const nodeElements = new Map<string, SVGGElement>();
  // Badges stick out 7px above a card; edges are bounded by their route points.
  const nodeItems: Array<Item<PlacedNode>> = layout.nodes.map((placed) => ({
    value: placed,
    box: { x0: placed.x - placed.width / 2, y0: placed.y - placed.height / 2 - 8, x1: placed.x + placed.width / 2, y1: placed.y + placed.height / 2 },
  }));
  const edgeItems: Array<Item<PlacedEdge>> = layout.edges.map((edge) => ({ value: edge, box: routeBox(edge.points) }));
  let drawnNodes = 0;
  let drawnEdges = 0;

  const materialize = (rect: Rect, capped = true): Materialized => {
    const nodeCap = capped ? MAX_DRAWN_NODES : Infinity;
    const edgeCap = capped ? MAX_DRAWN_EDGES : Infinity;
    // Over the cap (panned far, or after an export): what is out of view goes first.
    if (drawnNodes > nodeCap || drawnEdges > edgeCap) {
      for (const item of nodeItems) {
        if (!item.element || overlaps(item.box, rect)) continue;
        item.element.remove();
        item.element = undefined;
        nodeElements.delete(item.value.node.id);
        drawnNodes--;
      }
      for (const item of edgeItems) {
        if (!item.element || overlaps(item.box, rect)) continue;
        item.element.remove();
        item.element = undefined;
        drawnEdges--;
      }
    }
    let added = 0;
    let notDrawn = 0;
    for (const item of edgeItems) {
      if (item.element || drawnEdges >= edgeCap || !overlaps(item.box, rect)) continue;
      item.element = drawEdge(item.value);
      edges.append(item.element);
      drawnEdges++;
      added++;
    }
    for (const item of nodeItems) {
      if (item.element || !overlaps(item.box, rect)) continue;
      if (drawnNodes >= nodeCap) {
        notDrawn++;
        continue;
      }
      item.element = drawNode(item.value);
      nodeElements.set(item.value.node.id, item.element);
      nodes.append(item.element);
      drawnNodes++;
      added++;
    }
    return { added, notDrawn };
  };
  const everything = { x0: -Infinity, y0: -Infinity, x1: Infinity, y1: Infinity };
  return { svg, viewport, nodeElements, materialize: (rect) => materialize(rect), materializeAll: () => materialize(everything, false) };
}

function definitions(): SVGDefsElement {
  return s(
    'defs',
    {},
    s(
      'marker',
      { id: 'tlnb-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { class: 'arrow', d: 'M 0 1 L 9 5 L 0 9 z' }),
    ),
    s(
      'pattern',
      { id: 'tlnb-frozen', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('line', { class: 'hatch', x1: 0, y1: 0, x2: 0, y2: 6 }),
    ),
  );
}

function drawNode(placed: PlacedNode): SVGGElement {
  const { node, text, width, height } = placed;
  const frozen = !node.layer.trainable;
  const classes = ['node', `kind-${node.kind}`, `cat-${category(node)}`];
  if (frozen) classes.push('frozen');
  if (node.isOutput) classes.push('output');
  const left = placed.x - width / 2;
  const top = placed.y - height / 2;
  const g = s('g', {
    class: classes.join(' '),
    'data-id': node.id,
    transform: `translate(${left},${top})`,
    tabindex: 0,
    role: 'button',
    'aria-label': `${node.layer.name} (${node.layer.className})`,
  });
  const rounded = node.kind === 'merge' || node.kind === 'input' ? height / 2 : 6;
  g.append(s('rect', { class: 'card', width, height, rx: rounded }));
  if (frozen) g.append(s('rect', { class: 'hatch-fill', width, height, rx: rounded }));
  let textLeft: number;
  if (node.kind === 'merge') {
    g.append(
      s('circle', { class: 'merge-badge', cx: height / 2, cy: height / 2, r: 9 }),
      s('text', { class: 'merge-symbol', x: height / 2, y: height / 2 + 4 }, mergeSymbol(node.layer.className)),
    );
    textLeft = height / 2 + 14;
  } else if (node.kind === 'layer' || node.kind === 'model') {
    g.append(s('rect', { class: 'stripe', x: 0, y: 0, width: CARD.stripe, height, rx: 2 }));
    textLeft = CARD.stripe + CARD.padX;
  } else {
    textLeft = height / 2;
  }
  const titleY = CARD.padY + CARD.titleSize - 1;
  g.append(
    s('text', { class: 'title', x: textLeft, y: titleY }, text.title, s('tspan', { class: 'kind', dx: 8 }, text.kind)),
    s('text', { class: 'detail', x: textLeft, y: titleY + CARD.lineGap + CARD.detailSize + 3 }, text.detail),
  );
  const badges: string[] = [];
  if (frozen) badges.push('frozen');
  if (node.calls > 1) badges.push(`shared ×${node.calls}`);
  if (node.isOutput) badges.push('output');
  let right = width - 6;
  for (const badge of badges.reverse()) {
    const w = badge.length * 6 + 10;
    right -= w;
    g.append(
      s(
        'g',
        { class: `badge badge-${badge.split(' ')[0]}`, transform: `translate(${right},-7)` },
        s('rect', { width: w, height: 14, rx: 7 }),
        s('text', { x: w / 2, y: 10 }, badge),
      ),
    );
    right -= 4;
  }
  return g;
}

function drawEdge(edge: PlacedEdge): SVGGElement {
  const g = s('g', { class: 'edge', 'data-from': edge.from, 'data-to': edge.to });
  g.append(s('path', { d: basisPath(edge.points), 'marker-end': 'url(#tlnb-arrow)' }));
  if (edge.count > 1) {
    const mid = edge.points[Math.floor(edge.points.length / 2)]!;
    g.append(s('text', { class: 'edge-count', x: mid.x + 6, y: mid.y + 4 }, `×${edge.count}`));
  }
  return g;
}

/**
 * A smooth path through dagre's route points: a uniform cubic B-spline, which stays inside the
 * corridor dagre reserved for the edge and starts and ends exactly at the route's end points.
 */
export function basisPath(points: Array<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  const f = (n: number) => Math.round(n * 10) / 10;
  const [first] = points;
  if (points.length < 3) return `M${f(first!.x)},${f(first!.y)}` + points.slice(1).map((p) => `L${f(p.x)},${f(p.y)}`).join('');
  const p = [first!, ...points, points[points.length - 1]!];
  let d = `M${f(first!.x)},${f(first!.y)}`;
  for (let i = 1; i < p.length - 2; i++) {
    const a = p[i - 1]!;
    const b = p[i]!;
    const c = p[i + 1]!;
    const e = p[i + 2]!;
    // Control points of the B-spline segment between b and c, written as a cubic Bézier.
    const c1 = { x: (2 * b.x + c.x) / 3, y: (2 * b.y + c.y) / 3 };
    const c2 = { x: (b.x + 2 * c.x) / 3, y: (b.y + 2 * c.y) / 3 };
    const end = { x: (b.x + 4 * c.x + e.x) / 6, y: (b.y + 4 * c.y + e.y) / 6 };
    if (i === 1) {
      const start = { x: (a.x + 4 * b.x + c.x) / 6, y: (a.y + 4 * b.y + c.y) / 6 };
      d += `L${f(start.x)},${f(start.y)}`;
    }
    d += `C${f(c1.x)},${f(c1.y)} ${f(c2.x)},${f(c2.y)} ${f(end.x)},${f(end.y)}`;
  }
  const last = points[points.length - 1]!;
  return d + `L${f(last.x)},${f(last.y)}`;
}
