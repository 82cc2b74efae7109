// Lays out a display graph with dagre (the layered layout Netron and TensorBoard use): node
// sizes come from measuring the text each card shows; dagre gives positions and edge routes.

import dagre, { type EdgeLabel, type Graph, type GraphLabel, type LayoutOptions, type NodeLabel } from '@dagrejs/dagre';
import type { DisplayGraph, DisplayNode } from './displayGraph';
import { layeredLayout } from './layeredLayout';
import { nodeText, type NodeText } from './nodeText';

export const CARD = {
  padX: 10,
  stripe: 4,
  titleSize: 12,
  detailSize: 11,
  lineGap: 4,
  padY: 7,
  minWidth: 96,
} as const;

export const CARD_HEIGHT = CARD.padY * 2 + CARD.titleSize + CARD.lineGap + CARD.detailSize + 4;
const CLUSTER_LABEL = 22;
/** Node count above which layout trades crossing minimisation for speed (see layoutGraph). */
export const LARGE_GRAPH = 120;
/**
 * Node count above which dagre is not used at all (layeredLayout.ts): dagre's passes recurse
 * along paths (a 3,000-layer chain overflows the stack) and take seconds on thousands of nodes.
 */
export const HUGE_GRAPH = 1000;
/**
 * dagre's ordering phase (layer graphs and repeated barycenter sweeps to reduce crossings) is
 * most of its time on big graphs. Above LARGE_GRAPH nodes, model graphs are long chains of
 * repeated blocks, where a depth-first order from the inputs already has few crossings: the
 * order is set that way directly (dagre's own starting order) and the sweeps are skipped.
 */
export const LARGE_GRAPH_OPTIONS: LayoutOptions = { ranker: 'longest-path', customOrder: depthFirstOrder };

function depthFirstOrder(g: Graph<GraphLabel, NodeLabel, EdgeLabel>): void {
  const nextInRank = new Map<number, number>();
  const visited = new Set<string>();
  // Depth-first with an explicit stack (a 1,000-layer chain would nest 1,000 calls deep).
  const visit = (start: string): void => {
    const stack = [start];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (visited.has(v)) continue;
      visited.add(v);
      const node = g.node(v);
      const rank = node.rank ?? 0;
      node.order = nextInRank.get(rank) ?? 0;
      nextInRank.set(rank, node.order + 1);
      const next = (g.successors(v) as string[] | undefined) ?? [];
      // Pushed in reverse, so the first successor is visited first, as the recursion did.
      for (let i = next.length - 1; i >= 0; i--) if (!visited.has(next[i]!)) stack.push(next[i]!);
    }
  };
  const rank = (v: string) => g.node(v).rank ?? 0;
  // Only plain nodes take an order (clusters have none; large graphs are laid out without them).
  (g.nodes() as string[])
    .filter((v) => ((g.children(v) as string[] | undefined) ?? []).length === 0)
    .sort((a, b) => rank(a) - rank(b))
    .forEach(visit);
}

export interface PlacedNode {
  node: DisplayNode;
  text: NodeText;
  x: number; // centre
  y: number;
  width: number;
  height: number;
}

export interface PlacedCluster {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  count: number;
  points: Array<{ x: number; y: number }>;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  clusters: PlacedCluster[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/** Measures text as drawn: `font` is a CSS font shorthand such as "600 12px sans-serif". */
export type MeasureText = (text: string, font: string) => number;

export function canvasMeasure(): MeasureText {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) throw new Error('this browser has no 2D canvas, which the layer graph needs to measure text');
  let current = '';
  // Kinds ("Dense") and details repeat across layers: each string is measured once per font.
  const widths = new Map<string, number>();
  return (text, font) => {
    const key = `${font}\u0000${text}`;
    const known = widths.get(key);
    if (known !== undefined) return known;
    // Setting ctx.font parses the font string every time; layout measures one font at a time.
    if (font !== current) ctx.font = current = font;
    const width = ctx.measureText(text).width;
    widths.set(key, width);
    return width;
  };
}

export function fonts(family: string): { title: string; kind: string; detail: string } {
  return {
    title: `600 ${CARD.titleSize}px ${family}`,
    kind: `400 ${CARD.detailSize}px ${family}`,
    detail: `400 ${CARD.detailSize}px ${family}`,
  };
}

export function layoutGraph(graph: DisplayGraph, measure: MeasureText, fontFamily: string): GraphLayout {
  const f = fonts(fontFamily);
  const texts = new Map<string, NodeText>();
  for (const node of graph.nodes) texts.set(node.id, nodeText(node));
  // Measured font by font: all titles, then the smaller text (kind and detail share a font).
  const titles = graph.nodes.map((node) => measure(texts.get(node.id)!.title, f.title));
  const kinds = graph.nodes.map((node) => measure(texts.get(node.id)!.kind, f.kind));
  const details = graph.nodes.map((node) => measure(texts.get(node.id)!.detail, f.detail));
  const widths = graph.nodes.map((node, i) => {
    const first = titles[i]! + 8 + kinds[i]!;
    const second = details[i]!;
    // Pills (inputs, merges) start their text after the rounded end; cards after the stripe.
    const left = node.kind === 'merge' ? CARD_HEIGHT / 2 + 14 : node.kind === 'input' ? CARD_HEIGHT / 2 : CARD.stripe + CARD.padX;
    const right = node.kind === 'merge' || node.kind === 'input' ? CARD_HEIGHT / 2 : CARD.padX;
    return Math.max(CARD.minWidth, Math.ceil(left + Math.max(first, second) + right));
  });
  if (graph.nodes.length > HUGE_GRAPH) return hugeLayout(graph, widths, texts);

  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ compound: graph.clusters.length > 0, multigraph: false });
  const large = graph.nodes.length > LARGE_GRAPH;
  const options = large ? LARGE_GRAPH_OPTIONS : {};
  g.setGraph({ rankdir: 'TB', nodesep: 22, ranksep: 26, edgesep: 12, marginx: 12, marginy: 12, ...options });
  g.setDefaultEdgeLabel(() => ({}));
  graph.nodes.forEach((node, i) => g.setNode(node.id, { width: widths[i]!, height: CARD_HEIGHT }));
  for (const cluster of graph.clusters) {
    g.setNode(cluster.id, { width: 0, height: 0 });
  }
  for (const node of graph.nodes) if (node.parent) g.setParent(node.id, node.parent);
  for (const cluster of graph.clusters) if (cluster.parent) g.setParent(cluster.id, cluster.parent);
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);

  dagre.layout(g, options);

  const nodes: PlacedNode[] = graph.nodes.map((node) => {
    const n = g.node(node.id);
    return { node, text: texts.get(node.id)!, x: n.x!, y: n.y!, width: n.width, height: n.height };
  });
  const clusters: PlacedCluster[] = graph.clusters.map((cluster) => {
    const n = g.node(cluster.id);
    // dagre sizes a cluster to its members; the label sits in a band added above them.
    return {
      id: cluster.id,
      label: `▾ ${cluster.layer.name}`,
      x: n.x!,
      y: n.y! - CLUSTER_LABEL / 2,
      width: n.width,
      height: n.height + CLUSTER_LABEL,
    };
  });
  const edges: PlacedEdge[] = graph.edges.map((edge) => ({
    ...edge,
    points: (g.edge(edge.from, edge.to)?.points ?? []).map((p) => ({ x: p.x, y: p.y })),
  }));
  const label = g.graph();
  return { nodes, clusters, edges, width: label.width ?? 0, height: (label.height ?? 0) + (clusters.length ? CLUSTER_LABEL : 0) };
}

/** Above HUGE_GRAPH nodes: the measured sizes, positions from layeredLayout (no dagre). */
function hugeLayout(graph: DisplayGraph, widths: number[], texts: Map<string, NodeText>): GraphLayout {
  const sized = graph.nodes.map((node, i) => ({ id: node.id, width: widths[i]!, height: CARD_HEIGHT, ...(node.parent ? { parent: node.parent } : {}) }));
  const out = layeredLayout(
    { nodes: sized, clusters: graph.clusters, edges: graph.edges },
    { nodesep: 22, ranksep: 26, margin: 12, clusterPad: 10, clusterLabel: CLUSTER_LABEL },
  );
  const nodes: PlacedNode[] = graph.nodes.map((node, i) => {
    const p = out.nodes.get(node.id)!;
    return { node, text: texts.get(node.id)!, x: p.x, y: p.y, width: sized[i]!.width, height: sized[i]!.height };
  });
  const clusters: PlacedCluster[] = graph.clusters.map((cluster) => {
    const box = out.clusters.get(cluster.id) ?? { x: 0, y: 0, width: 0, height: 0 };
    return { id: cluster.id, label: `▾ ${cluster.layer.name}`, ...box };
  });
  const edges: PlacedEdge[] = graph.edges.map((edge, i) => ({ ...edge, points: out.edges[i]! }));
  return { nodes, clusters, edges, width: out.width, height: out.height };
}
