// Turns a tfjs LayersModel into the `model` output payload: one node per layer with the ids of
// the layers feeding it, read from the layers' inbound nodes (the same connectivity tfjs's own
// summary prints), nested models as nested payloads, and tfjs's own summary text.

import { isRecord } from '../../common/guards';
import type * as tf from '@tensorflow/tfjs';
import type { LayerNode, ModelGraphPayload, Shape } from '../../common/outputs';

type Layer = tf.layers.Layer;
/** tfjs's graph node type is not exported from the package root; this is the part we read. */
interface InboundNode {
  inboundLayers: Layer[];
  outputShapes: Shape | Shape[];
}

/** Builds the layer-graph payload of `model` (Sequential or functional, nested models included). */
export function modelGraphPayload(model: tf.LayersModel): ModelGraphPayload {
  const relevant = relevantNodes(model);
  const layers = graphLayers(model, relevant);
  const nodes = layers.map((layer) => layerNode(layer, relevant));
  return {
    version: 1,
    name: model.name,
    className: model.getClassName(),
    layers: nodes,
    inputs: inputLayerNames(model, layers),
    outputs: outputLayerNames(model),
    totals: {
      trainable: countParams(uniqueWeights(model.trainableWeights)),
      nonTrainable: countParams(uniqueWeights(model.nonTrainableWeights)),
    },
    summary: summaryText(model),
  };
}

/**
 * The graph nodes (layer calls) that belong to this model. A layer also used in another model
 * (a nested model's own internal call, a base model reused for fine-tuning) has calls outside this
 * graph that must not become edges here. Sequential models keep no node index: all calls count.
 */
function relevantNodes(model: tf.LayersModel): Set<InboundNode> | undefined {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs's internal nodesByDepth (a functional model's call graph), not in its public types
  const byDepth = (model as unknown as { nodesByDepth?: Record<string, InboundNode[]> }).nodesByDepth;
  const nodes = Object.values(byDepth ?? {}).flat();
  return nodes.length > 0 ? new Set(nodes) : undefined;
}

function callsOf(layer: Layer, relevant: Set<InboundNode> | undefined): InboundNode[] {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs types inboundNodes as its internal Node class; InboundNode names the fields read here
  const all = layer.inboundNodes as unknown as InboundNode[];
  return relevant ? all.filter((node) => relevant.has(node)) : all;
}

/**
 * model.layers, plus the layers it feeds from that it does not list: a Sequential model hides its
 * InputLayer, which is still the source of the first layer's edge.
 */
function graphLayers(model: tf.LayersModel, relevant: Set<InboundNode> | undefined): Layer[] {
  const listed = new Set<Layer>(model.layers);
  const hidden: Layer[] = [];
  for (const layer of model.layers) {
    for (const call of callsOf(layer, relevant)) {
      for (const source of call.inboundLayers) {
        if (!listed.has(source) && !hidden.includes(source)) hidden.push(source);
      }
    }
  }
  return [...hidden, ...model.layers];
}

function layerNode(layer: Layer, relevant: Set<InboundNode> | undefined): LayerNode {
  const calls = callsOf(layer, relevant).map((call) => call.inboundLayers.map((source) => source.name));
  const params = layer.countParams();
  const trainableParams = countParams(layer.trainableWeights);
  const config = layerConfig(layer);
  const activation = typeof config.activation === 'string' ? config.activation : undefined;
  const nested = isModel(layer) ? modelGraphPayload(layer) : undefined;
  return {
    id: layer.name,
    name: layer.name,
    className: layer.getClassName(),
    outputShape: outputShape(layer, relevant),
    params,
    trainable: params === 0 || trainableParams > 0,
    trainableParams,
    ...(activation && activation !== 'linear' ? { activation } : {}),
    inbound: calls.flat(),
    ...(calls.length > 1 ? { calls } : {}),
    weights: layer.weights.map((w) => ({ name: w.name, shape: w.shape.map((d) => d ?? 0), trainable: w.trainable })),
    config,
    ...(nested ? { nested } : {}),
  };
}

function isModel(layer: Layer): layer is tf.LayersModel {
  // Duck-typed so that a model built with another copy of tfjs (tfjs-node re-exports) is still seen.
  const candidate: object = layer;
  return 'layers' in candidate && Array.isArray(candidate.layers) && 'summary' in candidate && typeof candidate.summary === 'function';
}

/**
 * tfjs throws from `outputShape` when a shared layer produced different shapes on different calls;
 * the first call's shape in this graph is then the useful one.
 */
function outputShape(layer: Layer, relevant: Set<InboundNode> | undefined): Shape | Shape[] {
  try {
    return layer.outputShape as Shape | Shape[];
  } catch {
    const first = callsOf(layer, relevant)[0];
    return first ? first.outputShapes : [];
  }
}

/**
 * The layer's config made safe for JSON (non-finite numbers become strings). A nested model's
 * full config repeats every inner layer, which the nested payload already carries.
 */
function layerConfig(layer: Layer): Record<string, unknown> {
  if (isModel(layer)) return { name: layer.name, layers: layer.layers.length };
  const text = JSON.stringify(layer.getConfig(), (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
  const config: unknown = JSON.parse(text);
  return isRecord(config) ? config : {};
}

function inputLayerNames(model: tf.LayersModel, layers: Layer[]): string[] {
  const declared = model.inputLayers?.map((layer) => layer.name) ?? [];
  if (declared.length > 0) return declared;
  return layers.filter((layer) => layer.getClassName() === 'InputLayer').map((layer) => layer.name);
}

function outputLayerNames(model: tf.LayersModel): string[] {
  const declared = model.outputLayers?.map((layer) => layer.name) ?? [];
  if (declared.length > 0) return declared;
  const last = model.layers[model.layers.length - 1];
  return last ? [last.name] : [];
}

/** A weight shared by several layers is one set of parameters. */
function uniqueWeights(weights: tf.LayerVariable[]): tf.LayerVariable[] {
  return [...new Set(weights)];
}

function countParams(weights: tf.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce<number>((n, d) => n * (d ?? 0), 1), 0);
}

/** tfjs's own model.summary() text, captured instead of printed. */
function summaryText(model: tf.LayersModel): string {
  const lines: string[] = [];
  model.summary(undefined, undefined, (line?: unknown) => lines.push(String(line ?? '')));
  return lines.join('\n');
}
