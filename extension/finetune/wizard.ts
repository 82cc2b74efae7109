// The "Fine-tune Model…" wizard: shows the steps (wizardSteps.ts, modelChoices.ts, dataChoices.ts)
// in VS Code and returns the `tlnb finetune` request with the answers that made it, or undefined
// when the user backs out. A step whose answer is refused — here, or later by the fine-tune itself
// (`resume`) — is asked again with the reason shown and the earlier answers kept. Training runs in
// a kernel process (the caller starts it); this file never loads tfjs. A workspace without data
// gets the sample data set offered first (sampleData.ts), so Enter at every step trains something.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { errorMessage } from '../../common/guards';
import { basename, dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { uriExists } from '../workspaceFs';
import { labelsFileNameFor, type DataFormat, type FinetuneRequest, type FinetuneSettings, type Strategy } from '../../common/finetuneSettings';
import { CSV_GLOB, IDX_IMAGES_GLOB, IMAGE_GLOB, dataItems, workspaceRootProblem, type DataChoice } from './dataChoices';
import type { KernelModels } from './kernelModels';
import { modelItems, sameModelChoice, sampleCopyCandidates, type ModelChoice } from './modelChoices';
import { copySampleModel, sameModelFolder } from './sampleCopy';
import { writeSampleData } from './sampleData';
import { showStep } from './stepPick';
import {
  START,
  initialSettings,
  labelColumnItems,
  lastNItems,
  layersOfModelJson,
  settingPrompt,
  settingsItems,
  strategyItems,
  validateSetting,
  type LayerInfo,
  type SettingKey,
  type WizardStep,
} from './wizardSteps';

const STEPS = 4;
const title = (step: number, what: string) => `Fine-tune (${step}/${STEPS}): ${what}`;

type DataAnswer = Pick<FinetuneRequest, 'data' | 'format' | 'labels' | 'labelColumn'>;

export interface WizardAnswers {
  model?: {
    /** A browsed model.json is kept as a `file` choice. */
    choice: Exclude<ModelChoice, { kind: 'browse' | 'unavailable' }>;
    layers: LayerInfo[];
    /** The model.json a kernel saved this model to (so a resumed wizard does not save it twice). */
    saved?: string;
  };
  data?: DataAnswer;
  strategy?: Strategy;
  lastN?: number;
  settings?: Pick<FinetuneSettings, SettingKey>;
}

export interface AskedFinetune {
  request: FinetuneRequest;
  answers: WizardAnswers;
}

/** Ask again from `step`, showing `message` there. */
export interface Resume {
  answers: WizardAnswers;
  step: WizardStep;
  message: string;
}

type StepOutcome = { answers: WizardAnswers } | { retry: string } | undefined;

/**
 * The start of a file, at most `maxBytes` (a data file can be gigabytes, or a device): the wizard
 * only needs a model.json or a CSV's header line. Only regular files are read.
 */
async function readStart(path: string, maxBytes: number): Promise<{ text: string; whole: boolean }> {
  const file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await file.stat();
    if (!stats.isFile()) throw new Error('it is not a regular file');
    const length = Math.min(stats.size, maxBytes);
    const { bytesRead, buffer } = await file.read(Buffer.alloc(length), 0, length, 0);
    return { text: new TextDecoder().decode(buffer.subarray(0, bytesRead)), whole: stats.size <= maxBytes };
  } finally {
    await file.close();
  }
}

/** The wizard reads model.json files up to this size (the weights are in other files). */
const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
/** A CSV header line is looked for in the file's first 4 MiB (the fine-tune's record limit). */
const MAX_CSV_HEADER_BYTES = 4 * 1024 * 1024;

async function openOne(options: vscode.OpenDialogOptions): Promise<string | undefined> {
  return (await vscode.window.showOpenDialog({ ...options, canSelectMany: false }))?.[0]?.fsPath;
}

/** The pretrained models that ship with the extension's samples (samples/models/<name>/model.json). */
async function sampleModels(extensionUri: vscode.Uri): Promise<string[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'samples', 'models');
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(folder)).catch(() => []);
  const models = entries.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => join(folder.fsPath, name, 'model.json'));
  const found = await Promise.all(models.map(async (file) => ((await uriExists(vscode.Uri.file(file))) ? file : undefined)));
  return found.filter((file): file is string => file !== undefined);
}

const EXCLUDE = '**/node_modules/**';
const workspaceFiles = async (glob: string, max: number) => (await vscode.workspace.findFiles(glob, EXCLUDE, max)).map((u) => u.fsPath);
const workspaceRoot = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

/** The names of a folder's sub-folders (none when it cannot be read). */
async function subfolders(folder: string | undefined): Promise<string[]> {
  if (!folder) return [];
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(vscode.Uri.file(folder))).catch(() => []);
  return entries.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => name);
}

/** The layers of a model.json, or the reason it cannot be fine-tuned. */
async function layersOfFile(path: string): Promise<LayerInfo[] | string> {
  let text: string;
  try {
    const start = await readStart(path, MAX_MODEL_JSON_BYTES);
    if (!start.whole) return `${path}: the file is larger than ${MAX_MODEL_JSON_BYTES / 1024 / 1024} MiB, which no model.json is\n  how to fix: pick the model.json of a TensorFlow.js layers model`;
    text = start.text;
  } catch (error) {
    return `${path}: cannot read the file: ${errorMessage(error)}\n  how to fix: pick a model.json that exists`;
  }
  return (
    layersOfModelJson(text) ??
    `${path} is not a TensorFlow.js layers model (saved with model.save() from a tf.LayersModel)\n  how to fix: pick another model.json; graph models and other JSON files cannot be fine-tuned`
  );
}

export class FinetuneWizard {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly kernels: KernelModels | undefined,
  ) {}

  /** Runs the wizard: from the start, from a model.json (the Explorer's context menu), or resumed at a refused step. */
  async ask(start: { model?: vscode.Uri; resume?: Resume } = {}): Promise<AskedFinetune | undefined> {
    let answers: WizardAnswers = { ...start.resume?.answers };
    let step: WizardStep = start.resume?.step ?? 1;
    let error = start.resume?.message;
    if (start.model) {
      const layers = await layersOfFile(start.model.fsPath);
      if (typeof layers === 'string') error = layers;
      else [answers, step] = [{ ...answers, model: { choice: { kind: 'file', path: start.model.fsPath }, layers } }, 2];
    }
    for (;;) {
      while (step <= STEPS) {
        const outcome = await this.askStep(step, answers, error);
        if (!outcome) return undefined;
        error = 'retry' in outcome ? outcome.retry : undefined;
        // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- inside `while (step <= STEPS)`: one more is still a step or ends the loop
        if ('answers' in outcome) [answers, step] = [outcome.answers, (step + 1) as WizardStep];
      }
      try {
        const model = await this.modelFile(answers);
        // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- every step answered: the loop above ends only after the last one
        const { data, strategy, lastN, settings } = answers as Required<WizardAnswers>;
        return { request: { model, ...data, settings: { strategy, ...(lastN !== undefined && strategy === 'last-n' ? { layers: lastN } : {}), ...settings } }, answers };
      } catch (failure) {
        [step, error] = [1, errorMessage(failure)];
      }
    }
  }

  private askStep(step: WizardStep, answers: WizardAnswers, error: string | undefined): Promise<StepOutcome> {
    switch (step) {
      case 1:
        return this.askModel(answers, error);
      case 2:
        return this.askData(answers, error);
      case 3:
        return this.askStrategy(answers, error);
      case 4:
        return this.askSettings(answers, error);
    }
  }

  /** The model.json the run starts from: kernels' and samples' models are first copied into the workspace. */
  private async modelFile(answers: WizardAnswers): Promise<string> {
    const model = answers.model!;
    const choice = model.choice;
    if (choice.kind === 'file') return choice.path;
    if (choice.kind === 'sample') return copySampleModel(choice.path, answers.data!.data);
    if (model.saved) return model.saved;
    if (!this.kernels) throw new Error('models in notebook kernels are not available here');
    model.saved = await this.kernels.save(choice.notebook, choice.model.variable);
    return model.saved;
  }

  private async askModel(answers: WizardAnswers, error: string | undefined): Promise<StepOutcome> {
    const [found, samples, kernels] = await Promise.all([workspaceFiles('**/model.json', 500), sampleModels(this.extensionUri), this.kernels?.list() ?? []]);
    const copies = new Map<string, string>();
    for (const [file, sample] of sampleCopyCandidates(found, samples)) {
      if (!copies.has(file) && (await sameModelFolder(dirname(file), dirname(sample)))) copies.set(file, sample);
    }
    const previous = answers.model?.choice;
    const choice = await showStep({
      title: title(1, 'the model to start from'),
      placeholder: 'a TensorFlow.js layers model: a model.json, a model in a running notebook, or a sample\'s pretrained model',
      items: modelItems(found, workspaceRoot(), samples, kernels, copies),
      ...(previous ? { active: (value: ModelChoice) => sameModelChoice(value, previous) } : {}),
      ...(error ? { error } : {}),
      matchOnDescription: true,
    });
    if (!choice) return undefined;
    if (choice.kind === 'unavailable') return { retry: choice.message };
    if (choice.kind === 'kernel') return { answers: { ...answers, model: { choice, layers: choice.model.layers } } };
    const path = choice.kind === 'browse' ? await openOne({ title: title(1, 'the model.json'), filters: { 'TensorFlow.js model': ['json'] } }) : choice.path;
    if (!path) return undefined;
    const layers = await layersOfFile(path);
    if (typeof layers === 'string') return { retry: layers };
    return { answers: { ...answers, model: { choice: choice.kind === 'browse' ? { kind: 'file', path } : choice, layers } } };
  }

  private async browseData(format: DataFormat): Promise<string | undefined> {
    return openOne(
      format === 'folder'
        ? { title: title(2, 'the folder with one sub-folder per class'), canSelectFiles: false, canSelectFolders: true }
        : format === 'csv'
          ? { title: title(2, 'the CSV file'), filters: { CSV: ['csv'] } }
          : { title: title(2, 'the IDX images file') },
    );
  }

  private async askData(answers: WizardAnswers, error: string | undefined): Promise<StepOutcome> {
    const root = workspaceRoot();
    const [imageFiles, csvFiles, idxFiles, rootSubfolders] = await Promise.all([
      workspaceFiles(IMAGE_GLOB, 5000),
      workspaceFiles(CSV_GLOB, 200),
      workspaceFiles(IDX_IMAGES_GLOB, 200),
      subfolders(root),
    ]);
    const previous = answers.data;
    const choice = await showStep<DataChoice>({
      title: title(2, 'your data'),
      placeholder: 'a folder of images with one sub-folder per class, a CSV file, or IDX files',
      items: dataItems({ imageFiles, csvFiles, idxFiles }, root, { rootSubfolders }),
      ...(previous ? { active: (value: DataChoice) => 'path' in value && value.path === previous.data } : {}),
      ...(error ? { error } : {}),
      matchOnDescription: true,
    });
    if (!choice) return undefined;
    const answer = (fields: DataAnswer): StepOutcome => ({ answers: { ...answers, data: fields } });
    if ('sample' in choice) {
      if (!root) return { retry: 'the sample data are written into the workspace, and no folder is open\n  how to fix: open a folder (File > Open Folder), or browse for your own data' };
      try {
        return answer({ data: await writeSampleData(root), format: 'folder' });
      } catch (error) {
        return { retry: errorMessage(error) };
      }
    }
    const format: DataFormat = 'browse' in choice ? choice.browse : choice.format;
    const data = 'browse' in choice ? await this.browseData(choice.browse) : choice.path;
    if (!data) return undefined;
    // The folder dialog opens on the workspace folder, and Enter there accepts it: it is taken only when it is a set of class folders.
    if (format === 'folder' && root && resolve(data) === resolve(root)) {
      const problem = workspaceRootProblem(root, await subfolders(root), imageFiles);
      if (problem) return { retry: problem };
    }
    if (format === 'csv') {
      const header = (await readStart(data, MAX_CSV_HEADER_BYTES)).text.split(/\r?\n/, 1)[0] ?? '';
      const column = await showStep({
        title: title(2, 'the column that holds the class'),
        placeholder: 'the label column; the others are the numeric features',
        items: labelColumnItems(header),
        ...(previous?.labelColumn ? { active: (value: string) => value === previous.labelColumn } : {}),
      });
      return column ? answer({ data, format, labelColumn: column }) : undefined;
    }
    if (format === 'idx') {
      const companion = labelsFileNameFor(basename(data));
      if (companion && (await uriExists(vscode.Uri.file(join(dirname(data), companion))))) return answer({ data, format, labels: join(dirname(data), companion) });
      const labels = await openOne({ title: title(2, 'the IDX labels file that goes with the images') });
      return labels ? answer({ data, format, labels }) : undefined;
    }
    return answer({ data, format });
  }

  private async askStrategy(answers: WizardAnswers, error: string | undefined): Promise<StepOutcome> {
    const layers = answers.model!.layers;
    const strategy = await showStep({
      title: title(3, 'what learns'),
      placeholder: 'which layers of the model learn from your data',
      items: strategyItems(layers),
      active: (value: Strategy) => value === (answers.strategy ?? 'head'),
      ...(error ? { error } : {}),
      matchOnDetail: true,
    });
    if (!strategy) return undefined;
    // Settings chosen for another strategy give way to this one's defaults.
    const { settings: kept, ...rest } = answers;
    const next: WizardAnswers = { ...rest, strategy, ...(kept && answers.strategy === strategy ? { settings: kept } : {}) };
    if (strategy !== 'last-n') return { answers: next };
    const items = lastNItems(layers);
    const lastN = await showStep({
      title: title(3, 'how many of the last layers learn'),
      placeholder: 'counting back from the output layer, layers with weights only',
      items,
      active: (value: number) => value === (answers.lastN ?? items.find((i) => i.picked)?.value),
    });
    return lastN === undefined ? undefined : { answers: { ...next, lastN } };
  }

  private async askSettings(answers: WizardAnswers, error: string | undefined): Promise<StepOutcome> {
    const settings = { ...(answers.settings ?? initialSettings(answers.strategy!)) };
    let shownError = error;
    for (;;) {
      const pick = await showStep<SettingKey | typeof START>({
        title: title(4, 'settings (defaults for this strategy)'),
        placeholder: 'start, or change a setting first',
        items: settingsItems(settings),
        ...(shownError ? { error: shownError } : {}),
      });
      shownError = undefined;
      if (pick === undefined) return undefined;
      if (pick === START) return { answers: { ...answers, settings } };
      const key: SettingKey = pick;
      const text = await vscode.window.showInputBox({ title: title(4, settingPrompt(key)), value: String(settings[key]), validateInput: (t) => validateSetting(key, t) });
      if (text !== undefined) settings[key] = Number(text);
    }
  }
}
