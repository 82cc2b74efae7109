// Step 2 of the "Fine-tune Model…" wizard as pure functions: the data sets found in the workspace
// (folders of class folders of images, CSV files, IDX image files), the sample data set tlnb can
// write (first when the workspace has none), then a way to browse for each kind. The workspace
// folder itself counts as an image folder only when every sub-folder of it is a class of images.
// Pure (paths in, items out) so it is tested without VS Code; wizard.ts finds the files.

import { basename, dirname, extname, relative } from 'node:path';
import { SAMPLE_DIGITS_FOLDER, type DataFormat } from '../../common/finetuneSettings';
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

const listed = (names: readonly string[], max = 6) => (names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length})`);

/** `sample`: write the sample data set into the workspace, then use it. */
export type DataChoice = { format: DataFormat; path: string } | { browse: DataFormat } | { sample: 'thick-pen-digits' };

/**
 * Why the workspace folder itself is not a folder of class folders, or undefined when it is: every
 * sub-folder (hidden ones aside, as the fine-tune skips them) must hold images directly, and there
 * must be two or more. `subfolders` are the workspace folder's sub-folder names.
 */
export function workspaceRootProblem(root: string, subfolders: readonly string[], imageFiles: readonly string[]): string | undefined {
  const classes = subfolders.filter((name) => !name.startsWith('.'));
  const withImages = new Set(imageFiles.filter((file) => dirname(dirname(file)) === root).map((file) => basename(dirname(file))));
  const empty = classes.filter((name) => !withImages.has(name));
  if (classes.length >= 2 && empty.length === 0) return undefined;
  const what =
    empty.length > 0
      ? `its sub-folder${empty.length === 1 ? '' : 's'} ${listed(empty.map((n) => `"${n}"`), 4)} hold${empty.length === 1 ? 's' : ''} no PNG or JPEG images directly inside`
      : `it has ${classes.length} sub-folder${classes.length === 1 ? '' : 's'} of images, and a fine-tune needs two classes or more`;
  return (
    `${root}: the workspace folder itself is not a folder of class folders (${what}), so it is not taken as your data\n` +
    '  how to fix: pick the folder that holds one sub-folder per class (cat/1.png, dog/7.jpg), or "Sample data" to try the fine-tune on ready-made digits'
  );
}

/** The row that writes the sample data set (lib/finetune/data/sampleDigits.ts) into the workspace. */
export const SAMPLE_DATA_ITEM: PickItem<DataChoice> = {
  label: 'Sample data: handwritten digits in a thick pen',
  description: `written into ${SAMPLE_DIGITS_FOLDER}/ in your workspace`,
  detail: '500 MNIST digits drawn thicker (the new data of chapter 6), 28×28 PNG, one sub-folder per digit: the layout your own images take. Fits the ch06-mnist-mlp and mnist-mlp sample models',
  value: { sample: 'thick-pen-digits' },
};

export interface DataItemOptions {
  /** The workspace folder's sub-folder names: the folder itself is listed only when it is a set of class folders (workspaceRootProblem). */
  rootSubfolders?: readonly string[];
}

export interface FoundData {
  imageFiles: readonly string[];
  csvFiles: readonly string[];
  idxFiles: readonly string[];
}

/**
 * The data sets found in the workspace, each kind in path order; the sample data set (first when
 * nothing was found, not offered when the workspace holds a copy already); one "Browse…" per kind.
 */
export function dataItems(found: FoundData, workspaceRoot: string | undefined, options: DataItemOptions = {}): Array<PickItem<DataChoice>> {
  const where = (path: string) => (workspaceRoot ? relative(workspaceRoot, path) || '.' : path);
  const rootIsData = (folder: string) => folder !== workspaceRoot || workspaceRootProblem(folder, options.rootSubfolders ?? [], found.imageFiles) === undefined;
  const folderSets = imageFolders(found.imageFiles).filter((f) => rootIsData(f.folder));
  const folders = folderSets.map((f) => ({
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
  const hasSampleCopy = folderSets.some((f) => basename(f.folder).startsWith(SAMPLE_DIGITS_FOLDER));
  const sample = workspaceRoot && !hasSampleCopy ? [SAMPLE_DATA_ITEM] : [];
  return [...folders, ...csvs, ...idx, ...sample, ...browse];
}
