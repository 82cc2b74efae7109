// Building the model that will be trained: a copy of the base model, its output layer replaced
// when the classes differ, and its layers frozen or not according to the strategy.

import * as tf from '@tensorflow/tfjs';
import { cloneModel, type BaseModel } from './baseModel';
import { FinetuneError } from '../errors';
import { planTrainable, type Strategy } from './strategy';

export interface LayerRow {
  name: string;
  className: string;
  params: number;
  /** False for frozen layers. */
  trainable: boolean;
  /** True for the output layer added for the new classes. */
  isNew: boolean;
}

export interface PreparedModel {
  /** Not compiled: training compiles it with its settings. */
  model: tf.LayersModel;
  replacedOutput: boolean;
  layers: LayerRow[];
  /** Sentences for the summary ("the output layer … was replaced …"). */
  notes: string[];
}

export interface PrepareOptions {
  strategy: Strategy;
  layers: number;
  seed: number;
}

const activationOf = (layer: tf.layers.Layer) => (layer.getConfig() as { activation?: string }).activation;
const endsInSoftmax = (layer: tf.layers.Layer) =>
  activationOf(layer) === 'softmax' || layer.getClassName() === 'Softmax';

function uniqueName(model: tf.LayersModel, wanted: string): string {
  const taken = new Set(model.layers.map((l) => l.name));
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}_${n}`;
  return name;
}

export async function prepareModel(base: BaseModel, classCount: number, options: PrepareOptions): Promise<PreparedModel> {
  let model = await cloneModel(base.model);
  const last = model.layers[model.layers.length - 1]!;
  const notes: string[] = [];
  const replace = base.outputUnits !== classCount || !endsInSoftmax(last);
  let newLayer: string | undefined;
  if (replace) {
    if (last.getClassName() !== 'Dense') {
      throw new FinetuneError(
        'output-layer',
        `the model has ${base.outputUnits} outputs but the data has ${classCount} classes, and its last layer "${last.name}" is a ${last.getClassName()} layer, which fine-tuning cannot resize (it replaces a Dense output layer)`,
        `give data with ${base.outputUnits} classes, or end the model in a Dense layer with a softmax activation`,
        base.file,
      );
    }
    const features = last.input;
    if (Array.isArray(features)) {
      throw new FinetuneError('output-layer', `the output layer "${last.name}" has several inputs`, 'end the model in a Dense layer with one input', base.file);
    }
    newLayer = uniqueName(model, 'finetune_output');
    const head = tf.layers.dense({
      units: classCount,
      activation: 'softmax',
      name: newLayer,
      kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
    });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- a Dense layer applied to one symbolic tensor returns one
    model = tf.model({ inputs: model.inputs, outputs: head.apply(features) as tf.SymbolicTensor, name: `${model.name}_finetuned` });
    // The copy's old output layer is in no model now: free its weights (the other layers are shared with the new model).
    last.dispose();
    notes.push(
      base.outputUnits !== classCount
        ? `the output layer "${last.name}" (${base.outputUnits} classes) was replaced by a new Dense layer "${newLayer}" with ${classCount} units for the ${classCount} classes of the data`
        : `the output layer "${last.name}" ends in "${activationOf(last) ?? last.getClassName()}", not softmax, so it was replaced by a new softmax layer "${newLayer}"`,
    );
  }
  const trainable = planTrainable(model.layers.map((l) => l.countParams()), options.strategy, options.layers);
  model.layers.forEach((layer, i) => {
    layer.trainable = trainable[i]!;
  });
  // A functional model lists its InputLayer; it does nothing, so the plan leaves it out.
  const layers = model.layers.flatMap((layer, i) =>
    layer.getClassName() === 'InputLayer'
      ? []
      : [{ name: layer.name, className: layer.getClassName(), params: layer.countParams(), trainable: trainable[i]! && layer.countParams() > 0, isNew: layer.name === newLayer }],
  );
  const learning = layers.filter((l) => l.trainable);
  notes.push(`${options.strategy}: ${learning.length} of ${layers.filter((l) => l.params > 0).length} layers with weights learn (${learning.map((l) => l.name).join(', ')}); the others are frozen`);
  return { model, replacedOutput: replace, layers, notes };
}
