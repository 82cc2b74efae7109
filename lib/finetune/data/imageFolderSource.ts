// A folder of images with one sub-folder per class (data/cat/1.png, data/dog/7.jpg): the
// layout most tools export. Scanning is split from decoding so that folder problems (no class
// folders, empty ones) are reported before any image is read. Links are followed only while they
// stay inside the folder, and an image's declared size is checked before it is decoded.

import { errorMessage } from '../../../common/guards';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputFileError, isInside, readRegularFile, realPath } from '../../inputFiles';
import { RAISE_BUDGET, budgetText, formatBytes, memoryBudgetBytes } from '../../inputLimits';
import type { Dataset, ImageLayout, LoadOptions } from './dataset';
import { FinetuneError } from '../errors';
import { decodeImage, imageToInput } from './imageDecode';
import { imageLayoutForInput } from '../model/inputShape';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

export interface ImageFolderScan {
  classes: Array<{ name: string; files: string[] }>;
  /** Files and folders that are not images directly inside a class folder, relative to the root. */
  skipped: string[];
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** What an entry of the data folder is, links followed only while they stay inside `realRoot`. */
function entryKind(path: string, realRoot: string, root: string): 'folder' | 'file' | 'other' {
  const stats = lstatSync(path);
  if (!stats.isSymbolicLink()) return stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
  const real = realPath(path);
  if (real === undefined) return 'other'; // a broken link: listed as skipped
  if (!isInside(realRoot, real)) {
    throw new FinetuneError(
      'image-folder',
      `"${relative(root, path)}" is a link to ${real}, outside the data folder; tlnb does not follow links out of the folder it is given, and read nothing`,
      'copy those images into the data folder (or give the folder the link points to as the data)',
      root,
    );
  }
  const target = statSync(real);
  return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
}

export function scanImageFolder(root: string): ImageFolderScan {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((n) => !n.startsWith('.')).sort(byName);
  } catch (error) {
    throw new FinetuneError('data-source', `cannot read the image folder: ${errorMessage(error)}`, 'check the path', root);
  }
  // The folder the user named may itself be a link; what lies inside must stay inside where it leads.
  const realRoot = realPath(root) ?? root;
  const skipped: string[] = [];
  const classes: ImageFolderScan['classes'] = [];
  for (const name of entries) {
    const path = join(root, name);
    if (entryKind(path, realRoot, root) !== 'folder') {
      skipped.push(name);
      continue;
    }
    const files: string[] = [];
    for (const file of readdirSync(path).filter((n) => !n.startsWith('.')).sort(byName)) {
      const filePath = join(path, file);
      if (IMAGE_EXTENSIONS.has(extname(file).toLowerCase()) && entryKind(filePath, realRoot, root) === 'file') files.push(filePath);
      else skipped.push(relative(root, filePath));
    }
    classes.push({ name, files });
  }
  if (classes.length === 0) {
    throw new FinetuneError(
      'image-folder',
      'the folder has no sub-folders, but a folder of images needs one sub-folder per class',
      `put the images in one folder per class, named after it (for example ${join(root, 'cat', '1.png')} and ${join(root, 'dog', '1.png')})`,
      root,
    );
  }
  const empty = classes.filter((c) => c.files.length === 0);
  if (empty.length > 0) {
    throw new FinetuneError(
      'empty-class',
      `${empty.length === 1 ? 'the class folder' : `${empty.length} class folders`} ${empty.map((c) => `"${c.name}"`).join(', ')} ${empty.length === 1 ? 'holds' : 'hold'} no PNG or JPEG images`,
      'add images of that class, or remove the folder if the class is not wanted',
      root,
    );
  }
  if (classes.length < 2) {
    throw new FinetuneError('image-folder', `only one class folder ("${classes[0]!.name}"); a classifier needs at least two classes`, 'add a sub-folder of images for every other class', root);
  }
  return { classes, skipped };
}

/** Reads, decodes and converts one image; every failure names the file. */
function readImage(file: string, layout: ImageLayout, realRoot: string): tf.Tensor3D {
  const budget = memoryBudgetBytes();
  let bytes: Buffer;
  try {
    // Checked again as it is read: a link swapped in since the scan cannot lead out of the folder.
    const real = realPath(file);
    if (real === undefined || !isInside(realRoot, real)) throw new InputFileError(file, 'now leads outside the data folder', 'not-a-file');
    bytes = readRegularFile(real, budget, (size) => `the file is ${formatBytes(size)}, more than ${budgetText(budget)}`);
  } catch (error) {
    const why = error instanceof InputFileError ? error.problem : errorMessage(error);
    throw new FinetuneError('image-corrupt', `cannot read the image: ${why}`, 'check the file, or remove it from the folder', file);
  }
  return imageToInput(decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file), layout);
}

export function loadImageFolderDataset(root: string, options: LoadOptions & { modelFile?: string }): Dataset {
  if (!options.inputShape) throw new Error('a folder of images needs the model\'s input shape to size the images (options.inputShape)');
  const layout = imageLayoutForInput(options.inputShape, options.modelFile);
  const scan = scanImageFolder(root);
  const files = scan.classes.flatMap((c) => c.files);
  // Folder names are the classes, in folder order (numeric-aware: "2" before "10").
  const classIds = Int32Array.from(scan.classes.flatMap((c, id) => c.files.map(() => id)));
  const classNames = scan.classes.map((c) => c.name);
  const size = layout.height * layout.width * layout.channels;
  const budget = memoryBudgetBytes();
  if (files.length * size * 4 > budget) {
    throw new FinetuneError(
      'image-folder',
      `${files.length.toLocaleString('en-US')} images at the model's input size ${layout.width}×${layout.height}×${layout.channels} take ${formatBytes(files.length * size * 4)} as floats, more than ${budgetText(budget)}; nothing was decoded`,
      `train on fewer images, or ${RAISE_BUDGET}`,
      root,
    );
  }
  const realRoot = realPath(root) ?? root;
  const pixels = new Float32Array(files.length * size);
  files.forEach((file, i) => {
    const image = readImage(file, layout, realRoot);
    pixels.set(image.dataSync(), i * size);
    image.dispose();
  });
  const featureShape = [layout.height, layout.width, layout.channels];
  const notes = [`images resized to ${layout.width}×${layout.height} ${layout.channels === 1 ? 'grayscale' : 'RGB'}, the model's input size`];
  if (scan.skipped.length > 0) {
    notes.push(`skipped ${scan.skipped.length} entr${scan.skipped.length === 1 ? 'y' : 'ies'} that are not PNG/JPEG images inside a class folder: ${scan.skipped.slice(0, 5).join(', ')}${scan.skipped.length > 5 ? ', …' : ''}`);
  }
  return {
    xs: tf.tensor(pixels, [files.length, ...featureShape], 'float32'),
    classIds,
    classNames,
    featureShape,
    image: layout,
    source: { format: 'folder', path: root },
    description: `image folder ${root}: ${files.length} images in ${classNames.length} class folders`,
    describeExample: (i) => relative(root, files[i]!),
    notes,
  };
}
