// Step 2 of the "Fine-tune Model…" wizard as pure functions: the data sets found in the workspace
// (folders of class folders of images, CSV files, IDX image files), then a way to browse for each
// kind. Pure (paths in, items out) so it is tested without VS Code; wizard.ts finds the files.

import { basename, dirname, extname, relative } from 'node:path';
import type { DataFormat } from '../../common/finetuneSettings';
import type { PickItem } from './wizardSteps';

/** The image types the fine-tune decodes (lib/finetune/data/imageFolderSource.ts). */
export const IMAGE_GLOB = '**/*.{png,PNG,jpg,JPG,jpeg,JPEG}';
export const CSV_GLOB = '**/*.{csv,CSV}';
/** MNIST's naming: train-images-idx3-ubyte, t10k-images.idx3-ubyte. */
export const IDX_IMAGES_GLOB = '**/*idx3*';

export interface ImageFolder {
  folder: string;
  classes: string[];
  images: number;
}

/**
 * The folders that hold images one class per sub-folder, from a list of image files: each image's
 * grandparent, kept when it has two classes or more (one class is nothing to tell apart).
 */
export function imageFolders(imageFiles: readonly string[]): ImageFolder[] {
  const byFolder = new Map<string, Map<string, number>>();
  for (const file of imageFiles) {
    const classFolder = dirname(file);
    const folder = dirname(classFolder);
    if (folder === classFolder) continue; // an image at the file system's root has no class folder
    const classes = byFolder.get(folder) ?? new Map<string, number>();
    classes.set(basename(classFolder), (classes.get(basename(classFolder)) ?? 0) + 1);
    byFolder.set(folder, classes);
  }
  return [...byFolder]
    .filter(([, classes]) => classes.size >= 2)
    .map(([folder, classes]) => ({
      folder,
      classes: [...classes.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
      images: [...classes.values()].reduce((a, b) => a + b, 0),
    }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

export type DataChoice = { format: DataFormat; path: string } | { browse: DataFormat };

export interface FoundData {
  imageFiles: readonly string[];
  csvFiles: readonly string[];
  idxFiles: readonly string[];
}

const listed = (names: readonly string[], max = 6) => (names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length})`);

/** The data sets found in the workspace, each kind in path order, then one "Browse…" per kind. */
export function dataItems(found: FoundData, workspaceRoot: string | undefined): Array<PickItem<DataChoice>> {
  const where = (path: string) => (workspaceRoot ? relative(workspaceRoot, path) || '.' : path);
  const folders = imageFolders(found.imageFiles).map((f) => ({
    label: basename(f.folder),
    description: where(f.folder),
    detail: `folder of images: ${f.classes.length} classes (${listed(f.classes)}), ${f.images} images`,
    value: { format: 'folder', path: f.folder } as DataChoice,
  }));
  const csvs = [...found.csvFiles].sort().map((path) => ({ label: basename(path), description: where(path), detail: 'CSV file: numeric features and a label column', value: { format: 'csv', path } as DataChoice }));
  // A file whose name says labels (idx1) is the companion, not a data set of its own.
  const idx = [...found.idxFiles]
    .filter((path) => /idx3/.test(basename(path)) && !['.gz', '.zip'].includes(extname(path).toLowerCase()))
    .sort()
    .map((path) => ({ label: basename(path), description: where(path), detail: 'IDX images file (its labels file is found beside it)', value: { format: 'idx', path } as DataChoice }));
  const browse: Array<PickItem<DataChoice>> = [
    { label: 'Browse for a folder of images…', detail: 'one sub-folder per class (cat/1.png, dog/7.jpg); PNG and JPEG, resized to the model\'s input', value: { browse: 'folder' } },
    { label: 'Browse for a CSV file…', detail: 'a header line, numeric feature columns and one label column', value: { browse: 'csv' } },
    { label: 'Browse for IDX files…', detail: 'an images file and its labels file, as MNIST ships them', value: { browse: 'idx' } },
  ];
  return [...folders, ...csvs, ...idx, ...browse];
}
