// Lays out a display graph with dagre (the layered layout Netron and TensorBoard use): node
// sizes come from measuring the text each card shows; dagre gives positions and edge routes.

import dagre from '@dagrejs/dagre';
import type { DisplayGraph, DisplayNode } from './displayGraph';
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
  return (text, font) => {
    ctx.font = font;
    return ctx.measureText(text).width;
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
  const g = new dagre.graphlib.Graph({ compound: graph.clusters.length > 0, multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 22, ranksep: 26, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));

  const texts = new Map<string, NodeText>();
  for (const node of graph.nodes) {
    const text = nodeText(node);
    texts.set(node.id, text);
    const first = measure(text.title, f.title) + 8 + measure(text.kind, f.kind);
    const second = measure(text.detail, f.detail);
    // Pills (inputs, merges) start their text after the rounded end; cards after the stripe.
    const left = node.kind === 'merge' ? CARD_HEIGHT / 2 + 14 : node.kind === 'input' ? CARD_HEIGHT / 2 : CARD.stripe + CARD.padX;
    const right = node.kind === 'merge' || node.kind === 'input' ? CARD_HEIGHT / 2 : CARD.padX;
    const width = Math.max(CARD.minWidth, Math.ceil(left + Math.max(first, second) + right));
    g.setNode(node.id, { width, height: CARD_HEIGHT });
  }
  for (const cluster of graph.clusters) {
    g.setNode(cluster.id, { width: 0, height: 0 });
  }
  for (const node of graph.nodes) if (node.parent) g.setParent(node.id, node.parent);
  for (const cluster of graph.clusters) if (cluster.parent) g.setParent(cluster.id, cluster.parent);
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);

  dagre.layout(g);

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
    points: ((g.edge(edge.from, edge.to) as { points?: Array<{ x: number; y: number }> }).points ?? []).map((p) => ({ x: p.x, y: p.y })),
  }));
  const label = g.graph();
  return { nodes, clusters, edges, width: label.width ?? 0, height: (label.height ?? 0) + (clusters.length ? CLUSTER_LABEL : 0) };
}
