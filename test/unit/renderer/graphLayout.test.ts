// Layer-graph layout at sizes far past the samples: a chain of thousands of layers, a residual
// network of thousands of blocks and an expanded nested model of over a thousand layers are laid
// out without overflowing the stack (dagre recursed along the chain), with no two cards
// overlapping and every edge going down from its source to its target.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LayerNode, ModelGraphPayload } from '../../../common/outputs';
import { displayGraph } from '../../../renderer/graph/displayGraph';
import { HUGE_GRAPH, layoutGraph, type GraphLayout } from '../../../renderer/graph/layout';
import { chainModel } from '../../fixtures/largePayloads';

/** Text widths from the character count: enough for layout, which only needs sizes. */
const measure = (text: string) => text.length * 7;

function assertNoOverlap(layout: GraphLayout): void {
  const byRow = new Map<number, Array<{ x0: number; x1: number }>>();
  for (const n of layout.nodes) {
    const row = byRow.get(n.y) ?? [];
    row.push({ x0: n.x - n.width / 2, x1: n.x + n.width / 2 });
    byRow.set(n.y, row);
  }
  for (const [y, row] of byRow) {
    row.sort((a, b) => a.x0 - b.x0);
    for (let i = 1; i < row.length; i++) assert.ok(row[i]!.x0 >= row[i - 1]!.x1, `cards overlap in the row at y=${y}`);
  }
  for (const n of layout.nodes) {
    assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= layout.width, `${n.node.id} lies inside the drawing's width`);
    assert.ok(n.y - n.height / 2 >= 0 && n.y + n.height / 2 <= layout.height, `${n.node.id} lies inside the drawing's height`);
  }
}

function assertEdgesGoDown(layout: GraphLayout): void {
  const at = new Map(layout.nodes.map((n) => [n.node.id, n]));
  for (const edge of layout.edges) {
    const from = at.get(edge.from)!;
    const to = at.get(edge.to)!;
    assert.ok(to.y > from.y, `${edge.from} -> ${edge.to} goes down`);
    assert.ok(edge.points.length >= 2, `${edge.from} -> ${edge.to} has a route`);
    assert.equal(edge.points[0]!.y, from.y + from.height / 2);
    assert.equal(edge.points[edge.points.length - 1]!.y, to.y - to.height / 2);
  }
}

test('a 3,000-layer chain is laid out as one column, in order (dagre overflowed the stack)', () => {
  const layout = layoutGraph(displayGraph(chainModel(3000), new Set()), measure, 'sans-serif');
  assert.equal(layout.nodes.length, 3001);
  const xs = new Set(layout.nodes.map((n) => n.x));
  assert.equal(xs.size, 1, 'one column');
  for (let i = 1; i < layout.nodes.length; i++) assert.ok(layout.nodes[i]!.y > layout.nodes[i - 1]!.y, `layer ${i} is below layer ${i - 1}`);
  assertNoOverlap(layout);
  assertEdgesGoDown(layout);
});

test('a 30,000-layer chain is laid out too', () => {
  const layout = layoutGraph(displayGraph(chainModel(30_000), new Set()), measure, 'sans-serif');
  assert.equal(layout.nodes.length, 30_001);
  assertEdgesGoDown(layout);
});

/** input → n residual blocks: dense_a → dense_b, added to the block's input. */
function residualModel(blocks: number): ModelGraphPayload {
  const layer = (id: string, className: string, inbound: string[]): LayerNode => ({ id, name: id, className, outputShape: [null, 8], params: 0, trainable: true, inbound, weights: [], config: {} });
  const layers: LayerNode[] = [layer('input', 'InputLayer', [])];
  let last = 'input';
  for (let b = 0; b < blocks; b++) {
    layers.push(layer(`a${b}`, 'Dense', [last]), layer(`b${b}`, 'Dense', [`a${b}`]), layer(`add${b}`, 'Add', [`b${b}`, last]));
    last = `add${b}`;
  }
  return { version: 1, name: 'residual', className: 'Model', layers, inputs: ['input'], outputs: [last], totals: { trainable: 0, nonTrainable: 0 }, summary: '' };
}

test('a residual network of 1,000 blocks (3,001 layers): skip edges go down, no cards overlap', () => {
  const layout = layoutGraph(displayGraph(residualModel(1000), new Set()), measure, 'sans-serif');
  assert.ok(layout.nodes.length > HUGE_GRAPH);
  assertNoOverlap(layout);
  assertEdgesGoDown(layout);
});

test('an expanded nested model of 1,200 layers: its cluster box holds every member', () => {
  const inner = chainModel(1200);
  const outer: ModelGraphPayload = {
    ...chainModel(1),
    layers: [
      ...chainModel(1).layers.slice(0, 1),
      { id: 'base', name: 'base', className: 'Sequential', outputShape: [null, 8], params: 0, trainable: false, inbound: ['input'], weights: [], config: {}, nested: inner },
    ],
    outputs: ['base'],
  };
  const layout = layoutGraph(displayGraph(outer, new Set(['base'])), measure, 'sans-serif');
  assert.equal(layout.clusters.length, 1);
  const box = layout.clusters[0]!;
  const members = layout.nodes.filter((n) => n.node.parent === 'base');
  assert.equal(members.length, 1201);
  for (const n of members) {
    assert.ok(n.x - n.width / 2 >= box.x - box.width / 2 && n.x + n.width / 2 <= box.x + box.width / 2, `${n.node.id} inside the cluster horizontally`);
    assert.ok(n.y - n.height / 2 >= box.y - box.height / 2 && n.y + n.height / 2 <= box.y + box.height / 2, `${n.node.id} inside the cluster vertically`);
  }
  assert.ok(box.y - box.height / 2 >= 0, 'the cluster label band is inside the drawing');
  assertEdgesGoDown(layout);
});
