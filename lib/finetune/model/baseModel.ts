// Loading the model to start from, refusing anything that is not a trainable layers model with a
// message that says what it is instead, and copying it so that the original is never changed.

import { errorMessage, isRecord } from '../../../common/guards';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputFileError } from '../../inputFiles';
import { ModelSizeError, withBuildLimit } from '../../models/buildLimit';
import { MODEL_FILE, fileModelIO, modelFolder, readModelJson } from '../../models/fileModelIO';
import { WeightsError, manifestValueCount } from '../../models/weightFiles';
import { FinetuneError } from '../errors';

export interface BaseModel {
  model: tf.LayersModel;
  /** The model.json it was loaded from; absent for a model handed over in memory (a notebook variable). */
  file?: string;
  /** The input shape without the batch dimension. */
  inputShape: Array<number | null>;
  outputUnits: number;
}

const LAYERS_FIX =
  'fine-tuning needs a layers model: save a tf.LayersModel with model.save(), or convert a Keras model with ' +
  'tensorflowjs_converter --input_format keras --output_format tfjs_layers_model';

/** Checks what a parsed model.json holds, before tfjs tries to build it. Pure. */
export function checkModelJson(json: unknown, file: string): void {
  const fail = (what: string, fix = LAYERS_FIX): never => {
    throw new FinetuneError('not-layers-model', what, fix, file);
  };
  if (!isRecord(json)) {
    return fail(`not a TensorFlow.js model.json: it holds ${Array.isArray(json) ? 'a list' : json === null ? 'null' : `a ${typeof json}`}, not an object`);
  }
  const record = json;
  const topology = isRecord(record.modelTopology) ? record.modelTopology : undefined;
  if (record.format === 'graph-model' || (topology && (Array.isArray(topology.node) || 'versions' in topology))) {
    fail('this is a TensorFlow.js graph model (converted from a SavedModel or frozen graph): it can only predict, it holds no layers to train');
  }
  if (!topology) {
    const keys = Object.keys(record);
    return fail(`not a TensorFlow.js model.json: it has no "modelTopology" (its fields are ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none'})`);
  }
  const config = isRecord(topology.model_config) ? topology.model_config : topology;
  if (typeof config.class_name !== 'string' || typeof config.config !== 'object') {
    fail('the "modelTopology" is not a layers topology (it needs "class_name" and "config", as model.save() writes)');
  }
  if (!Array.isArray(record.weightsManifest)) {
    fail('the model.json has no "weightsManifest", so its weights cannot be found', 'save the model again with model.save() so that model.json and weights.bin are written together');
  }
}

/** Checks that a model is a classifier fine-tuning can work with, and describes it. */
export function describeModel(model: tf.LayersModel, file?: string): BaseModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new FinetuneError(
      'output-layer',
      `the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; fine-tuning works on classifiers with one input and one output`,
      'pick a model with one input and one class-probability output',
      file,
    );
  }
  const output = model.outputs[0]!.shape;
  if (output.length !== 2 || typeof output[1] !== 'number') {
    throw new FinetuneError(
      'output-layer',
      `the model's output has shape [${output.map((d) => d ?? 'batch').join(', ')}], not [batch, classes] as a classifier's does`,
      'pick a classification model (its last layer is a Dense layer with one unit per class)',
      file,
    );
  }
  return { model, ...(file ? { file } : {}), inputShape: model.inputs[0]!.shape.slice(1), outputUnits: output[1] };
}

/** Loads a layers model from a folder or its model.json; every failure says which file and why. */
export async function loadBaseModel(path: string): Promise<BaseModel> {
  const file = join(modelFolder(path), MODEL_FILE);
  let text: string;
  try {
    text = readModelJson(file).toString('utf8');
  } catch (error) {
    const why = error instanceof InputFileError ? error.problem : errorMessage(error);
    throw new FinetuneError('model-load', `cannot read the model: ${why}`, 'pick a folder that holds model.json and weights.bin, or the model.json itself', file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FinetuneError('not-layers-model', `not valid JSON: ${errorMessage(error)}`, LAYERS_FIX, file);
  }
  checkModelJson(json, file);
  let model: tf.LayersModel;
  try {
    // The weights are checked and read first (lib/models/weightFiles.ts), then tfjs builds the
    // layers: no layer may allocate more weights than the manifest holds.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- checkModelJson above checked the topology; manifestValueCount checks the manifest's every field
    const manifest = (json as tf.io.ModelJSON).weightsManifest;
    const values = manifestValueCount(manifest, file);
    model = await withBuildLimit(values, refuseBuild, () => tf.loadLayersModel(fileModelIO(file)));
  } catch (error) {
    if (error instanceof WeightsError) throw new FinetuneError('model-load', error.what, error.fix, error.file);
    if (error instanceof ModelSizeError) throw new FinetuneError('model-load', error.message, 'save the model again with model.save(), so that its topology and weights match', file);
    throw new FinetuneError('model-load', `TensorFlow.js cannot build this model: ${errorMessage(error)}`, 'save the model again from TensorFlow.js 4 with model.save()', file);
  }
  return describeModel(model, file);
}

function refuseBuild(layer: string, weight: string, shape: number[], needed: number, allowed: number): string {
  return (
    `the topology's layer "${layer}" needs a weight "${weight}" of shape [${shape.join(', ')}], which takes the model to ` +
    `${needed.toLocaleString('en-US')} weight values, but the weightsManifest holds ${allowed.toLocaleString('en-US')}; nothing of that size was allocated`
  );
}

/** A deep copy (architecture and weights) through tfjs's own save format, so training never touches the original. */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}
