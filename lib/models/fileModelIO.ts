// Saving and loading tfjs models as files (model.json + weights.bin, the standard tfjs layers
// format that tfjs-node's file:// handler writes), without tfjs-node, which cannot install everywhere.
// `fileModelIO(dir)` is a tf.io.IOHandler; `registerFileScheme(tf)` makes
// model.save('file://dir') and tf.loadLayersModel('file://dir/model.json') work as with tfjs-node.
// Loading reads weights only from the model's own folder, checked first (./weightFiles.ts).

import { errorMessage } from '../../common/guards';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import { InputFileError, readRegularFile } from '../inputFiles';
import { budgetText, formatBytes, memoryBudgetBytes } from '../inputLimits';
import { readManifestWeights } from './weightFiles';

type IOHandler = tfjs.io.IOHandler;
type ModelArtifacts = tfjs.io.ModelArtifacts;
type ModelJSON = tfjs.io.ModelJSON;

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** The folder a path names: a folder itself, or the folder of a model.json. */
export function modelFolder(path: string): string {
  const absolute = resolve(path);
  return basename(absolute) === MODEL_FILE ? dirname(absolute) : absolute;
}

/** An IOHandler that saves to, and loads from, `<folder>/model.json` and `<folder>/weights.bin`. */
export function fileModelIO(path: string): IOHandler {
  const folder = modelFolder(path);
  const modelPath = join(folder, MODEL_FILE);
  const weightsPath = join(folder, WEIGHTS_FILE);

  return {
    async save(artifacts: ModelArtifacts) {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('saving a graph model as a binary topology is not supported; save a layers model (tf.LayersModel)');
      }
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const json: ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature) json.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      mkdirSync(folder, { recursive: true });
      // Write beside, then rename: a crash mid-save never leaves a model.json that points at half a weights file.
      writeFileSync(`${weightsPath}.partial`, new Uint8Array(weights));
      writeFileSync(`${modelPath}.partial`, `${JSON.stringify(json, null, 1)}\n`);
      renameSync(`${weightsPath}.partial`, weightsPath);
      renameSync(`${modelPath}.partial`, modelPath);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(json.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },

    async load() {
      let json: ModelJSON;
      try {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- its two fields tfjs needs are checked just below; tfjs checks the topology as it builds
        json = JSON.parse(readModelJson(modelPath).toString('utf8')) as ModelJSON;
      } catch (error) {
        if (error instanceof InputFileError && error.kind === 'missing') {
          throw new Error(`no saved model at ${modelPath}: run the notebook cell that trains and saves it first`, { cause: error });
        }
        throw new Error(`${modelPath}: cannot read the model: ${error instanceof InputFileError ? error.problem : errorMessage(error)}`, { cause: error });
      }
      if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
        throw new Error(`${modelPath}: not a tfjs model.json (it needs "modelTopology" and "weightsManifest")`);
      }
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        return [specs, readManifestWeights(folder, manifest, modelPath)];
      });
    },
  };
}

/** A model.json's bytes: a regular file, no larger than the memory budget. */
export function readModelJson(path: string): Buffer {
  const budget = memoryBudgetBytes();
  return readRegularFile(path, budget, (size) => `the model.json is ${formatBytes(size)}, more than ${budgetText(budget)}`);
}

const SCHEME = 'file://';

/** Routes 'file://…' URLs in model.save and tf.loadLayersModel to fileModelIO. Call once per tf instance. */
export function registerFileScheme(tfInstance: typeof tfjs): void {
  // tfjs's registry skips routers that answer null (its own http router does), though the type says IOHandler.
  const route = (url: string | string[]): IOHandler =>
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- tfjs's router registry skips a null answer (see above), though its type says IOHandler
    Array.isArray(url) || !url.startsWith(SCHEME) ? (null as unknown as IOHandler) : fileModelIO(url.slice(SCHEME.length));
  tfInstance.io.registerSaveRouter(route);
  tfInstance.io.registerLoadRouter(route);
}
