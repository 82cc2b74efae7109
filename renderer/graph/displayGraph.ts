// Flattens a model payload into what is drawn: one node per layer, nested models either one
// collapsed node or (when expanded) a cluster of their own layers, and edges with a count for
// repeated connections (a shared layer feeding a merge twice). Pure: no DOM, no layout.

import type { LayerNode, ModelGraphPayload } from '../../common/outputs';

export type NodeKind = 'input' | 'merge' | 'layer' | 'model';

export interface DisplayNode {
  /** Unique in the drawing: nested layers are prefixed with their model's id and "/". */
  id: string;
  layer: LayerNode;
  kind: NodeKind;
  /** Id of the expanded model cluster this node sits in. */
  parent?: string;
  isOutput: boolean;
  /** How many times a shared layer is called in its graph (1 for ordinary layers). */
  calls: number;
}

export interface DisplayCluster {
  id: string;
  layer: LayerNode;
  parent?: string;
}

export interface DisplayEdge {
  from: string;
  to: string;
  /** Parallel connections between the same two nodes, drawn as one edge labelled ×count. */
  count: number;
}

export interface DisplayGraph {
  nodes: DisplayNode[];
  clusters: DisplayCluster[];
  edges: DisplayEdge[];
}

const MERGE_CLASSES = new Set(['Add', 'Concatenate', 'Multiply', 'Subtract', 'Average', 'Maximum', 'Minimum', 'Dot']);

export function nodeKind(layer: LayerNode): NodeKind {
  if (layer.nested) return 'model';
  if (layer.className === 'InputLayer') return 'input';
  if (MERGE_CLASSES.has(layer.className)) return 'merge';
  return 'layer';
}

/** `expanded` holds the display ids of nested models drawn open. */
export function displayGraph(payload: ModelGraphPayload, expanded: ReadonlySet<string>): DisplayGraph {
  const graph: DisplayGraph = { nodes: [], clusters: [], edges: [] };
  const edgeIndex = new Map<string, DisplayEdge>();
  const addEdge = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    const edge = edgeIndex.get(key);
    if (edge) edge.count++;
    else {
      const created = { from, to, count: 1 };
      edgeIndex.set(key, created);
      graph.edges.push(created);
    }
  };

  // Layers by id, per model: a lookup per inbound id, not a scan (a scan is quadratic in depth).
  const byId = new Map<ModelGraphPayload, Map<string, LayerNode>>();
  const layerOf = (model: ModelGraphPayload, id: string): LayerNode | undefined => {
    let index = byId.get(model);
    if (!index) {
      index = new Map();
      for (const l of model.layers) if (!index.has(l.id)) index.set(l.id, l);
      byId.set(model, index);
    }
    return index.get(id);
  };

  /** Ids a consumer connects from when it reads layer `id` of `model`: an open model's outputs. */
  const outputsOf = (model: ModelGraphPayload, prefix: string, id: string): string[] => {
    const layer = layerOf(model, id);
    const full = prefix + id;
    if (!layer?.nested || !expanded.has(full)) return [full];
    return layer.nested.outputs.flatMap((out) => outputsOf(layer.nested!, `${full}/`, out));
  };
  /** Ids that the i-th input of layer `id` connects to: an open model's i-th input layer. */
  const inputsOf = (layer: LayerNode, full: string, index: number): string[] => {
    if (!layer.nested || !expanded.has(full)) return [full];
    const nested = layer.nested;
    const target = nested.inputs[index] ?? nested.inputs[nested.inputs.length - 1];
    const inner = target === undefined ? undefined : layerOf(nested, target);
    return inner ? inputsOf(inner, `${full}/${inner.id}`, 0) : [];
  };

  const walk = (model: ModelGraphPayload, prefix: string, parent: string | undefined) => {
    const outputs = new Set(model.outputs);
    for (const layer of model.layers) {
      const full = prefix + layer.id;
      if (layer.nested && expanded.has(full)) {
        graph.clusters.push({ id: full, layer, ...(parent ? { parent } : {}) });
        walk(layer.nested, `${full}/`, full);
      } else {
        graph.nodes.push({
          id: full,
          layer,
          kind: nodeKind(layer),
          ...(parent ? { parent } : {}),
          isOutput: parent === undefined && outputs.has(layer.id),
          calls: layer.calls?.length ?? 1,
        });
      }
      layer.inbound.forEach((source, index) => {
        // A shared layer's inbound list concatenates its calls; each call feeds its first input slot.
        const slot = layer.calls ? 0 : index;
        for (const from of outputsOf(model, prefix, source)) {
          for (const to of inputsOf(layer, full, slot)) addEdge(from, to);
        }
      });
    }
  };
  walk(payload, '', undefined);
  return graph;
}
