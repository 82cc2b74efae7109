// Step 1 of the "Fine-tune Model…" wizard as pure functions: the base models on offer — model.json
// files in the workspace, layers models held in variables of running notebook kernels, the samples'
// pretrained models — and where a model from a kernel or a sample is copied so that the run (and
// its report) starts from a file in the workspace. Pure, so it is tested without VS Code.

import { basename, dirname, extname, isAbsolute, relative } from 'node:path';
import type { ModelVariableInfo } from '../../common/protocol';
import type { PickItem } from './wizardSteps';

export type ModelChoice =
  | { kind: 'file'; path: string }
  /** A pretrained model inside tlnb's install folder: copied into the workspace before the run. */
  | { kind: 'sample'; path: string }
  /** A model in a variable of a running kernel: the kernel saves it into the workspace before the run. */
  | { kind: 'kernel'; notebook: string; notebookName: string; model: ModelVariableInfo }
  /** A kernel that could not say what it holds; picking it shows why. */
  | { kind: 'unavailable'; message: string }
  | { kind: 'browse' };

/** What one running kernel answered (or why it did not). */
export interface KernelAnswer {
  /** The notebook's URI, as a string. */
  notebook: string;
  /** Its file name, as people call it ("mnist.tlnb"). */
  notebookName: string;
  models?: ModelVariableInfo[];
  /** The cell it is running. */
  busy?: string;
  error?: string;
}

const shapeText = (shapes: ReadonlyArray<ReadonlyArray<number | null>>) =>
  shapes.map((shape) => shape.slice(1).map((d) => d ?? '?').join('×') || 'scalar').join(' + ');

/** "784→10" for a model taking [batch, 784] and giving [batch, 10]; "28×28×1→10" for images. */
export function modelShapeText(model: Pick<ModelVariableInfo, 'inputShapes' | 'outputShapes'>): string {
  return `${shapeText(model.inputShapes)}→${shapeText(model.outputShapes)}`;
}

/** "850", "1.2k", "407k", "3.4M": the parameter count at a glance. */
export function paramsText(params: number): string {
  if (params < 1000) return String(params);
  if (params < 1e6) return `${params < 10_000 ? (params / 1000).toFixed(1) : Math.round(params / 1000)}k`;
  return `${params < 1e7 ? (params / 1e6).toFixed(1) : Math.round(params / 1e6)}M`;
}

/** What the user reads when a kernel is busy or silent: what is going on and what to do. */
export function kernelUnavailableMessage(answer: KernelAnswer): string {
  if (answer.busy) return `The kernel of ${answer.notebookName} is running a cell (${answer.busy}); wait for it to finish or interrupt it, then pick its model again.`;
  return `The kernel of ${answer.notebookName} did not list its models: ${answer.error ?? 'no answer'}`;
}

/** The folder a kernel's model is saved to: `<notebook name>-<variable>-model` beside the notebook (the kernel adds -2, -3… when it exists). */
export function kernelModelStem(notebookName: string, variable: string): string {
  const stem = basename(notebookName, extname(notebookName)) || 'notebook';
  return `${stem}-${variable}-model`;
}

/**
 * Where a sample model is copied: beside the data when the data lie in a workspace folder,
 * else into the first workspace folder, else beside the data. The copy keeps the sample's name.
 */
export function sampleCopyParent(dataPath: string, workspaceRoots: readonly string[]): string {
  const parent = dirname(dataPath);
  const inside = (root: string) => {
    const rel = relative(root, parent);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (workspaceRoots.some(inside)) return parent;
  return workspaceRoots[0] ?? parent;
}

/** `<stem>`, then `<stem>-2`, `<stem>-3`…: the first name `usable` accepts (a free one, or an identical copy). */
export async function firstUsableName(stem: string, usable: (name: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    if (await usable(name)) return name;
  }
}

/**
 * Step 1's items: the workspace's model.json files, the models in running kernels (and a row for
 * each kernel that is busy or silent), the samples' pretrained models, then "Browse…".
 * `sampleCopies` maps a workspace model.json to the sample model.json whose folder it is a
 * byte-identical copy of (the samples workspace of `npm start`, or an earlier run's copy): that
 * sample is listed once, as the workspace's copy, and the row says so.
 */
export function modelItems(
  modelFiles: readonly string[],
  workspaceRoot: string | undefined,
  sampleModels: readonly string[] = [],
  kernels: readonly KernelAnswer[] = [],
  sampleCopies: ReadonlyMap<string, string> = new Map(),
): Array<PickItem<ModelChoice>> {
  const byPath = (a: string, b: string) => a.localeCompare(b);
  const files = [...modelFiles].sort(byPath).map((path) => {
    const where = workspaceRoot ? relative(workspaceRoot, path) : path;
    const copyOf = sampleCopies.get(path);
    return {
      label: basename(dirname(path)),
      description: copyOf ? `pretrained sample model · your workspace's copy, ${where}` : where,
      ...(copyOf ? { detail: `the same files as the ${basename(dirname(copyOf))} model shipped with tlnb; fine-tuned from this copy` } : {}),
      value: { kind: 'file', path } as ModelChoice,
    };
  });
  const inKernels = kernels.flatMap((answer): Array<PickItem<ModelChoice>> => {
    if (!answer.models) {
      const message = kernelUnavailableMessage(answer);
      return [{ label: `$(warning) ${answer.notebookName}`, description: answer.busy ? `running kernel busy with ${answer.busy}` : 'running kernel did not answer', detail: message, value: { kind: 'unavailable', message } }];
    }
    return answer.models.map((model) => ({
      label: `$(notebook) ${model.variable}`,
      description: `in ${answer.notebookName} (running kernel) · ${modelShapeText(model)}, ${paramsText(model.params)} params`,
      detail: `"${model.name}", ${model.layers.length} layers; saved to a new folder ${kernelModelStem(answer.notebookName, model.variable)}/ beside the notebook, then fine-tuned from there`,
      value: { kind: 'kernel', notebook: answer.notebook, notebookName: answer.notebookName, model },
    }));
  });
  // A sample the workspace already holds an identical copy of is offered once, as that copy.
  const copied = new Set(sampleCopies.values());
  const samples = [...sampleModels].filter((path) => !copied.has(path)).sort(byPath).map((path) => ({
    label: basename(dirname(path)),
    description: 'pretrained sample model shipped with tlnb',
    detail: 'copied into your workspace (beside your data) and fine-tuned from the copy, so the report repeats from the workspace',
    value: { kind: 'sample', path } as ModelChoice,
  }));
  return [...files, ...inKernels, ...samples, { label: 'Browse…', description: 'a model.json elsewhere', value: { kind: 'browse' } }];
}

/** The workspace model.json files that may be copies of a sample: those in a folder of the sample's name. */
export function sampleCopyCandidates(modelFiles: readonly string[], sampleModels: readonly string[]): Array<[file: string, sample: string]> {
  return sampleModels.flatMap((sample) => modelFiles.filter((file) => basename(dirname(file)) === basename(dirname(sample))).map((file): [string, string] => [file, sample]));
}

/** Whether two choices name the same model (to show the previous answer as the active row). */
export function sameModelChoice(a: ModelChoice, b: ModelChoice): boolean {
  if (a.kind !== b.kind) return false;
  if ((a.kind === 'file' || a.kind === 'sample') && (b.kind === 'file' || b.kind === 'sample')) return a.path === b.path;
  if (a.kind === 'kernel' && b.kind === 'kernel') return a.notebook === b.notebook && a.model.variable === b.model.variable;
  return a.kind === 'browse';
}
