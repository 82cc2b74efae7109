// The tf.LayersModel values among a notebook's variables, described for a client (the fine-tune
// wizard lists them), and saved to a folder that did not exist before.

import { errorCode, errorMessage } from '../../common/guards';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { ModelVariableInfo } from '../../common/protocol';
import { MODEL_FILE, fileModelIO } from '../../lib/models/fileModelIO';

type Tf = typeof tfjs;
type Shape = Array<number | null>;

const shapes = (tensors: ReadonlyArray<{ shape: Shape }>): Shape[] => tensors.map((t) => [...t.shape]);

function isLayersModel(value: unknown, tf: Tf): value is tfjs.LayersModel {
  return value instanceof tf.LayersModel;
}

/** One entry per variable holding a layers model, in name order (a model held by two names is listed twice). */
export function modelVariables(bindings: ReadonlyMap<string, unknown>, tf: Tf): ModelVariableInfo[] {
  const found: ModelVariableInfo[] = [];
  for (const [variable, value] of bindings) {
    if (!isLayersModel(value, tf)) continue;
    found.push({
      variable,
      name: value.name,
      inputShapes: shapes(value.inputs),
      outputShapes: shapes(value.outputs),
      params: value.countParams(),
      layers: value.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => ({ name: l.name, className: l.getClassName(), weights: l.countParams() })),
    });
  }
  return found.sort((a, b) => a.variable.localeCompare(b.variable));
}

/** The model in `variable`, or an error that says what the variable holds instead. */
export function modelInVariable(bindings: ReadonlyMap<string, unknown>, variable: string, tf: Tf): tfjs.LayersModel {
  if (!bindings.has(variable)) throw new Error(`the notebook has no variable \`${variable}\` (any more): run the cell that defines it, then try again`);
  const value = bindings.get(variable);
  if (!isLayersModel(value, tf)) {
    const kind = value === null ? 'null' : typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value;
    const what = kind === 'null' || kind === 'undefined' ? kind : `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
    throw new Error(`the variable \`${variable}\` holds ${what}, not a tf.LayersModel: it changed since the list was made; pick the model again`);
  }
  return value;
}

/**
 * Makes `<dir>/<stem>`, or `<stem>-2`, `<stem>-3`… when that exists, and returns it. mkdir without
 * `recursive` fails on an existing folder, so a folder that appears meanwhile is never reused.
 */
export function makeFreshFolder(dir: string, stem: string): string {
  mkdirSync(dir, { recursive: true });
  for (let n = 1; ; n++) {
    const folder = join(dir, n === 1 ? stem : `${stem}-${n}`);
    try {
      mkdirSync(folder);
      return folder;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
}

/** Saves the model as model.json + weights.bin in a new folder; removes that folder again if the save fails. */
export async function saveToFreshFolder(model: tfjs.LayersModel, dir: string, stem: string): Promise<{ folder: string; modelFile: string }> {
  const folder = makeFreshFolder(dir, stem);
  try {
    await model.save(fileModelIO(folder));
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`could not save the model to ${folder}: ${errorMessage(error)}`, { cause: error });
  }
  return { folder, modelFile: join(folder, MODEL_FILE) };
}
