import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModelGraphPayload } from '../../../common/outputs';
import { displayGraph } from '../../../renderer/graph/displayGraph';
import { basisPath } from '../../../renderer/graph/draw';

const load = (name: string) => JSON.parse(readFileSync(join(__dirname, `../../fixtures/payloads/${name}.json`), 'utf8')) as ModelGraphPayload;

test('a collapsed nested model is one node; expanded, its layers are wired to the outer graph', () => {
  const payload = load('model-nested');
  const collapsed = displayGraph(payload, new Set());
  assert.deepEqual(collapsed.nodes.map((n) => n.kind), ['input', 'model', 'layer', 'layer']);
  assert.equal(collapsed.clusters.length, 0);
  const open = displayGraph(payload, new Set(['pretrained_base']));
  assert.deepEqual(open.clusters.map((c) => c.id), ['pretrained_base']);
  assert.ok(open.nodes.filter((n) => n.parent === 'pretrained_base').length === 5);
  const edges = open.edges.map((e) => `${e.from}->${e.to}`);
  assert.ok(edges.includes('image->pretrained_base/base_input'));
  assert.ok(edges.includes('pretrained_base/base_gap->new_head'));
  assert.ok(!edges.some((e) => e.endsWith('->pretrained_base') || e.startsWith('pretrained_base->')));
});

test('parallel connections are one edge with a count; outputs are marked', () => {
  const graph = displayGraph(load('model-siamese'), new Set());
  assert.deepEqual(graph.edges.find((e) => e.to === 'similarity'), { from: 'shared_encoder', to: 'similarity', count: 2 });
  assert.equal(graph.nodes.find((n) => n.id === 'shared_encoder')!.calls, 2);
  assert.deepEqual(graph.nodes.filter((n) => n.isOutput).map((n) => n.id), ['same']);
});

test('edge paths start and end at the route ends', () => {
  const d = basisPath([{ x: 0, y: 0 }, { x: 10, y: 20 }, { x: 0, y: 40 }, { x: 5, y: 60 }]);
  assert.match(d, /^M0,0/);
  assert.match(d, /L5,60$/);
  assert.equal(basisPath([{ x: 1, y: 2 }, { x: 3, y: 4 }]), 'M1,2L3,4');
});
