// Reading the weights a model.json's weightsManifest names, safely: every path must stay inside the
// model's folder after links are followed and name a regular file, and the files together must
// hold exactly the bytes the manifest's weight specs need (shape × bytes per value, quantization
// included) and no more than the memory budget — all checked before a byte is read. A hostile
// model.json ("../../../../etc/passwd", "/dev/zero") is refused, naming the path as written there.

import { errorMessage } from '../../common/guards';
import { closeSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { InputFileError, isInside, openRegularFile, readFully, realPath } from '../inputFiles';
import { RAISE_BUDGET, budgetText, formatBytes, memoryBudgetBytes } from '../inputLimits';

type ManifestGroup = tfjs.io.WeightsManifestConfig[number];
type WeightSpec = tfjs.io.WeightsManifestEntry;

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/** Thrown for a manifest or weights file that cannot be used; the message names the file and the fix. */
export class WeightsError extends Error {
  constructor(
    /** The file at fault: the weights file actually read, or model.json for what it says. */
    readonly file: string,
    readonly what: string,
    readonly fix: string,
  ) {
    super(`${file}: ${what}\n  how to fix: ${fix}`);
    this.name = 'WeightsError';
  }
}

const FIX_SAVE = 'save the model again with model.save(), which writes model.json and weights.bin together';

/** How many values a weight holds; its shape must be a list of whole numbers ≥ 0. */
export function valueCount(spec: WeightSpec, modelFile: string): number {
  const shape = (spec as { shape?: unknown }).shape;
  if (!Array.isArray(shape) || !shape.every((d: unknown): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw new WeightsError(modelFile, `weight "${String(spec.name)}" has shape ${JSON.stringify(shape)}, not a list of whole numbers`, FIX_SAVE);
  }
  return shape.reduce((a, b) => a * b, 1);
}

/** The bytes a weight takes in the weights files: values × bytes per value (per quantized value when quantized). */
export function weightBytes(spec: WeightSpec, modelFile: string): number {
  const perValue = spec.quantization ? QUANTIZED_BYTES[spec.quantization.dtype] : BYTES_PER_VALUE[spec.dtype];
  if (perValue === undefined) {
    const dtype = spec.quantization ? `quantization dtype ${spec.quantization.dtype}` : `dtype ${spec.dtype}`;
    throw new WeightsError(modelFile, `weight "${spec.name}" has ${dtype}, which a file model cannot hold`, FIX_SAVE);
  }
  return valueCount(spec, modelFile) * perValue;
}

/** The values the manifest describes in all: a model built from this file cannot need more weights than these. */
export function manifestValueCount(manifest: ManifestGroup[], modelFile: string): number {
  return manifest.flatMap((group) => group.weights ?? []).reduce((sum, spec) => sum + valueCount(spec, modelFile), 0);
}

interface WeightsFile {
  /** As written in model.json. */
  written: string;
  /** With every link resolved. */
  real: string;
  size: number;
}

const FIX_PATHS = 'keep the weights files beside model.json and list them there by name (as model.save() writes "./weights.bin")';

/** Checks one path of the manifest and returns where it really is; nothing is read. */
function locate(folder: string, realFolder: string, written: unknown, modelFile: string): WeightsFile {
  if (typeof written !== 'string' || written === '') {
    throw new WeightsError(modelFile, `weightsManifest lists ${JSON.stringify(written)} as a weights file, which is not a file name`, FIX_PATHS);
  }
  const path = resolve(folder, written);
  const real = realPath(path);
  if (real === undefined) {
    throw new WeightsError(path, `the weights file "${written}" that model.json lists does not exist`, 'copy the model\'s folder again, with every file model.save() wrote');
  }
  if (!isInside(realFolder, real)) {
    throw new WeightsError(
      modelFile,
      `weightsManifest lists the weights file "${written}", which is outside the model's folder ${folder}` +
        `${real !== path ? ` (it leads to ${real})` : ''}; tlnb reads weights only from the model's own folder, and read nothing`,
      FIX_PATHS,
    );
  }
  const stats = statSync(real);
  if (!stats.isFile()) {
    throw new WeightsError(modelFile, `the weights file "${written}" is ${stats.isDirectory() ? 'a folder' : 'a device or pipe'}, not a regular file; nothing was read`, FIX_PATHS);
  }
  return { written, real, size: stats.size };
}

/**
 * The weights of a model.json in `folder`, as one buffer in manifest order. Refuses, before reading
 * anything, paths outside the folder, files that are not regular, sizes that differ from what the
 * weight specs need, and more bytes than the memory budget.
 */
export function readManifestWeights(folder: string, manifest: ManifestGroup[], modelFile = join(folder, 'model.json'), budget = memoryBudgetBytes()): ArrayBuffer {
  if (!Array.isArray(manifest) || !manifest.every((g) => g && Array.isArray(g.paths) && Array.isArray(g.weights))) {
    throw new WeightsError(modelFile, '"weightsManifest" must be a list of { "paths": [...], "weights": [...] }', FIX_SAVE);
  }
  const needed = manifest.flatMap((group) => group.weights).reduce((sum, spec) => sum + weightBytes(spec, modelFile), 0);
  if (needed > budget) {
    throw new WeightsError(modelFile, `the weights model.json describes take ${formatBytes(needed)}, more than ${budgetText(budget)}; nothing was read`, RAISE_BUDGET);
  }
  const realFolder = realPath(folder) ?? resolve(folder);
  const files = manifest.flatMap((group) => group.paths.map((written) => locate(folder, realFolder, written, modelFile)));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total !== needed) {
    const [file, what] = files.length === 1 ? [resolve(folder, files[0]!.written), 'the weights file has'] : [modelFile, `the weights files ${files.map((f) => `"${f.written}"`).join(', ')} have`];
    throw new WeightsError(file!, `${what} ${total} bytes but model.json describes ${needed}; the two files come from different saves`, FIX_SAVE);
  }
  const data = new Uint8Array(needed);
  let offset = 0;
  for (const file of files) {
    let opened: { fd: number; size: number };
    try {
      // No links now: the path was resolved above, and a link swapped in since is refused.
      opened = openRegularFile(file.real, { noFollow: true });
    } catch (error) {
      throw new WeightsError(modelFile, `the weights file "${file.written}" ${error instanceof InputFileError ? error.problem : errorMessage(error)}`, FIX_PATHS);
    }
    try {
      const read = readFully(opened.fd, data, offset, file.size, 0);
      if (read !== file.size || opened.size !== file.size) {
        throw new WeightsError(resolve(folder, file.written), 'the weights file changed while it was read; nothing was loaded', 'load the model again once nothing writes to it');
      }
    } finally {
      closeSync(opened.fd);
    }
    offset += file.size;
  }
  return data.buffer;
}
