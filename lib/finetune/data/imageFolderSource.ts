// A folder of images with one sub-folder per class (data/cat/1.png, data/dog/7.jpg): the
// layout most tools export. Scanning is split from decoding so that folder problems (no class
// folders, empty ones) are reported before any image is read.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
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

export function scanImageFolder(root: string): ImageFolderScan {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((n) => !n.startsWith('.')).sort(byName);
  } catch (error) {
    throw new FinetuneError('data-source', `cannot read the image folder: ${(error as Error).message}`, 'check the path', root);
  }
  const skipped: string[] = [];
  const classes: ImageFolderScan['classes'] = [];
  for (const name of entries) {
    const path = join(root, name);
    if (!statSync(path).isDirectory()) {
      skipped.push(name);
      continue;
    }
    const files: string[] = [];
    for (const file of readdirSync(path).filter((n) => !n.startsWith('.')).sort(byName)) {
      const filePath = join(path, file);
      if (IMAGE_EXTENSIONS.has(extname(file).toLowerCase()) && statSync(filePath).isFile()) files.push(filePath);
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
function readImage(file: string, layout: ImageLayout): tf.Tensor3D {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new FinetuneError('image-corrupt', `cannot read the image: ${(error as Error).message}`, 'check the file\'s permissions, or remove it from the folder', file);
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
  const pixels = new Float32Array(files.length * size);
  files.forEach((file, i) => {
    const image = readImage(file, layout);
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
