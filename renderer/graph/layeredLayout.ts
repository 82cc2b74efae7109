// The layout for graphs too big for dagre (above HUGE_GRAPH display nodes: a 3,000-layer chain
// overflows dagre's recursive passes and takes seconds before that). One pass each, no
// recursion, O(nodes + edges): ranks by longest path from the inputs (topological order),
// each node placed under the mean x of the nodes feeding it, overlaps in a rank pushed apart,
// straight edges. Crossings are not minimised: models this large are long chains of blocks,
// where this order already has few. Clusters (expanded nested models) are their members' boxes.

export interface LayeredInput {
  nodes: Array<{ id: string; width: number; height: number; parent?: string }>;
  clusters: Array<{ id: string; parent?: string }>;
  edges: Array<{ from: string; to: string }>;
}

export interface LayeredSpacing {
  nodesep: number;
  ranksep: number;
  margin: number;
  /** Padding around a cluster's members, and the band above them for its label. */
  clusterPad: number;
  clusterLabel: number;
}

export interface LayeredOutput {
  nodes: Map<string, { x: number; y: number }>;
  clusters: Map<string, { x: number; y: number; width: number; height: number }>;
  edges: Array<Array<{ x: number; y: number }>>;
  width: number;
  height: number;
}

export function layeredLayout(input: LayeredInput, spacing: LayeredSpacing): LayeredOutput {
  const n = input.nodes.length;
  const index = new Map<string, number>();
  input.nodes.forEach((node, i) => index.set(node.id, i));
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const edge of input.edges) {
    const a = index.get(edge.from);
    const b = index.get(edge.to);
    if (a === undefined || b === undefined || a === b) continue;
    preds[b]!.push(a);
    succs[a]!.push(b);
  }

  // Topological order (Kahn), payload order among ready nodes; a cycle's nodes (no model has
  // one, but the payload is data) are appended in payload order rather than lost.
  const indegree = preds.map((p) => p.length);
  const order: number[] = [];
  const placed = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    const v = order[head]!;
    placed[v] = 1;
    for (const w of succs[v]!) if (--indegree[w]! === 0) order.push(w);
  }
  if (order.length < n) for (let i = 0; i < n; i++) if (!placed[i]) order.push(i);

  const rank = new Int32Array(n);
  const seen = new Uint8Array(n);
  for (const v of order) {
    let r = 0;
    for (const u of preds[v]!) if (seen[u]) r = Math.max(r, rank[u]! + 1);
    rank[v] = r;
    seen[v] = 1;
  }
  let ranks = 0;
  for (let i = 0; i < n; i++) ranks = Math.max(ranks, rank[i]! + 1);
  const byRank: number[][] = Array.from({ length: ranks }, () => []);
  for (const v of order) byRank[rank[v]!]!.push(v);

  // Heights per rank (cards share one height, but the input may differ).
  const rankHeight = byRank.map((vs) => vs.reduce((m, v) => Math.max(m, input.nodes[v]!.height), 0));
  const rankTop: number[] = [];
  let y = spacing.margin;
  for (let r = 0; r < ranks; r++) {
    rankTop.push(y);
    y += rankHeight[r]! + spacing.ranksep;
  }

  const x = new Float64Array(n);
  for (let r = 0; r < ranks; r++) {
    const vs = byRank[r]!;
    // Wanted centre: the mean of the feeding nodes' centres; a rank's sources are laid side by side.
    const wanted = vs.map((v, i) => {
      const ps = preds[v]!.filter((u) => rank[u]! < r);
      return ps.length ? ps.reduce((s, u) => s + x[u]!, 0) / ps.length : i * 1e-6;
    });
    const sorted = vs.map((v, i) => ({ v, want: wanted[i]! })).sort((a, b) => a.want - b.want);
    // Left to right, each as close to its wish as the one before allows; then the row is
    // shifted so that it is centred on its wishes as a whole.
    let right = -Infinity;
    let shift = 0;
    for (const { v, want } of sorted) {
      const w = input.nodes[v]!.width;
      const centre = Math.max(want, right + spacing.nodesep + w / 2);
      x[v] = centre;
      right = centre + w / 2;
      shift += centre - want;
    }
    shift /= sorted.length || 1;
    for (const { v } of sorted) x[v] = x[v]! - shift;
  }

  let minX = Infinity;
  let maxX = -Infinity;
  for (let v = 0; v < n; v++) {
    const half = input.nodes[v]!.width / 2;
    minX = Math.min(minX, x[v]! - half);
    maxX = Math.max(maxX, x[v]! + half);
  }
  if (n === 0) minX = maxX = 0;
  const dx = spacing.margin - minX;
  const nodes = new Map<string, { x: number; y: number }>();
  const centreY = (v: number) => rankTop[rank[v]!]! + rankHeight[rank[v]!]! / 2;
  for (let v = 0; v < n; v++) nodes.set(input.nodes[v]!.id, { x: x[v]! + dx, y: centreY(v) });

  const edges = input.edges.map((edge) => {
    const a = index.get(edge.from);
    const b = index.get(edge.to);
    if (a === undefined || b === undefined) return [];
    const from = nodes.get(edge.from)!;
    const to = nodes.get(edge.to)!;
    const down = rank[b]! >= rank[a]!;
    const ha = input.nodes[a]!.height / 2;
    const hb = input.nodes[b]!.height / 2;
    return [
      { x: from.x, y: from.y + (down ? ha : -ha) },
      { x: to.x, y: to.y + (down ? -hb : hb) },
    ];
  });

  // Clusters: each member's box grows its cluster and every cluster above it (no recursion).
  const clusterParent = new Map(input.clusters.map((c) => [c.id, c.parent]));
  const boxes = new Map<string, { x0: number; y0: number; x1: number; y1: number }>();
  const grow = (id: string, x0: number, y0: number, x1: number, y1: number) => {
    const b = boxes.get(id);
    if (!b) boxes.set(id, { x0, y0, x1, y1 });
    else {
      b.x0 = Math.min(b.x0, x0);
      b.y0 = Math.min(b.y0, y0);
      b.x1 = Math.max(b.x1, x1);
      b.y1 = Math.max(b.y1, y1);
    }
  };
  input.nodes.forEach((node) => {
    if (node.parent === undefined) return;
    const p = nodes.get(node.id)!;
    let box = { x0: p.x - node.width / 2, y0: p.y - node.height / 2, x1: p.x + node.width / 2, y1: p.y + node.height / 2 };
    let parent: string | undefined = node.parent;
    const visited = new Set<string>();
    while (parent !== undefined && !visited.has(parent)) {
      visited.add(parent);
      box = {
        x0: box.x0 - spacing.clusterPad,
        y0: box.y0 - spacing.clusterPad - spacing.clusterLabel,
        x1: box.x1 + spacing.clusterPad,
        y1: box.y1 + spacing.clusterPad,
      };
      grow(parent, box.x0, box.y0, box.x1, box.y1);
      parent = clusterParent.get(parent);
    }
  });
  // Cluster bands may reach above or left of the margin: move everything so they fit.
  let sx = 0;
  let sy = 0;
  for (const b of boxes.values()) {
    sx = Math.max(sx, spacing.margin - b.x0);
    sy = Math.max(sy, spacing.margin - b.y0);
  }
  if (sx || sy) {
    for (const p of nodes.values()) {
      p.x += sx;
      p.y += sy;
    }
    for (const route of edges) {
      for (const p of route) {
        p.x += sx;
        p.y += sy;
      }
    }
  }
  const clusters = new Map<string, { x: number; y: number; width: number; height: number }>();
  let width = maxX - minX + 2 * spacing.margin + sx;
  let height = y - spacing.ranksep + spacing.margin + sy;
  for (const [id, b] of boxes) {
    clusters.set(id, { x: (b.x0 + b.x1) / 2 + sx, y: (b.y0 + b.y1) / 2 + sy, width: b.x1 - b.x0, height: b.y1 - b.y0 });
    width = Math.max(width, b.x1 + sx + spacing.margin);
    height = Math.max(height, b.y1 + sy + spacing.margin);
  }
  return { nodes, clusters, edges, width: Math.max(width, 0), height: Math.max(height, 0) };
}
