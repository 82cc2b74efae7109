// The "Fine-tune Model…" wizard: shows wizardSteps' quick picks and input boxes in VS Code and
// returns the `tlnb finetune` request, or undefined when the user backs out. Training itself runs
// in a kernel process (the caller starts it); this file never loads tfjs.

import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { labelsFileNameFor, type DataFormat, type FinetuneRequest, type FinetuneSettings } from '../../common/finetuneSettings';
import { CSV_GLOB, IDX_IMAGES_GLOB, IMAGE_GLOB, dataItems, type DataChoice } from './dataChoices';
import {
  BROWSE,
  START,
  initialSettings,
  labelColumnItems,
  lastNItems,
  layersOfModelJson,
  modelItems,
  settingPrompt,
  settingsItems,
  strategyItems,
  validateSetting,
  type LayerInfo,
  type SettingKey,
} from './wizardSteps';

const STEPS = 4;
const title = (step: number, what: string) => `Fine-tune (${step}/${STEPS}): ${what}`;

async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
}

async function exists(path: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(path));
    return true;
  } catch {
    return false;
  }
}

async function openOne(options: vscode.OpenDialogOptions): Promise<string | undefined> {
  return (await vscode.window.showOpenDialog({ ...options, canSelectMany: false }))?.[0]?.fsPath;
}

/** The pretrained models that ship with the extension's samples (samples/models/<name>/model.json). */
async function sampleModels(extensionUri: vscode.Uri): Promise<string[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'samples', 'models');
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(folder)).catch(() => []);
  const models = entries.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => join(folder.fsPath, name, 'model.json'));
  const found = await Promise.all(models.map(async (file) => ((await exists(file)) ? file : undefined)));
  return found.filter((file): file is string => file !== undefined);
}

const EXCLUDE = '**/node_modules/**';
const workspaceFiles = async (glob: string, max: number) => (await vscode.workspace.findFiles(glob, EXCLUDE, max)).map((u) => u.fsPath);
const workspaceRoot = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

async function askModel(given: vscode.Uri | undefined, extensionUri: vscode.Uri): Promise<{ model: string; layers: LayerInfo[] } | undefined> {
  let model = given?.fsPath;
  if (!model) {
    const [found, samples] = await Promise.all([workspaceFiles('**/model.json', 500), sampleModels(extensionUri)]);
    const pick = await vscode.window.showQuickPick(modelItems(found, workspaceRoot(), samples), {
      title: title(1, 'the model to start from'),
      placeHolder: 'a TensorFlow.js layers model (model.json + weights.bin), such as a sample\'s pretrained model',
      matchOnDescription: true,
    });
    if (!pick) return undefined;
    model = pick.value === BROWSE ? await openOne({ title: title(1, 'the model.json'), filters: { 'TensorFlow.js model': ['json'] } }) : pick.value;
    if (!model) return undefined;
  }
  const layers = layersOfModelJson(await readText(model));
  if (!layers) {
    void vscode.window.showErrorMessage(
      `${model} is not a TensorFlow.js layers model (saved with model.save() from a tf.LayersModel); graph models and other JSON files cannot be fine-tuned.`,
    );
    return undefined;
  }
  return { model, layers };
}

async function browseData(format: DataFormat): Promise<string | undefined> {
  return openOne(
    format === 'folder'
      ? { title: title(2, 'the folder with one sub-folder per class'), canSelectFiles: false, canSelectFolders: true }
      : format === 'csv'
        ? { title: title(2, 'the CSV file'), filters: { CSV: ['csv'] } }
        : { title: title(2, 'the IDX images file') },
  );
}

async function askData(): Promise<Pick<FinetuneRequest, 'data' | 'format' | 'labels' | 'labelColumn'> | undefined> {
  const [imageFiles, csvFiles, idxFiles] = await Promise.all([workspaceFiles(IMAGE_GLOB, 5000), workspaceFiles(CSV_GLOB, 200), workspaceFiles(IDX_IMAGES_GLOB, 200)]);
  const pick = await vscode.window.showQuickPick(dataItems({ imageFiles, csvFiles, idxFiles }, workspaceRoot()), {
    title: title(2, 'your data'),
    placeHolder: 'a folder of images with one sub-folder per class, a CSV file, or IDX files',
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  const choice: DataChoice = pick.value;
  const format: DataFormat = 'browse' in choice ? choice.browse : choice.format;
  const data = 'browse' in choice ? await browseData(choice.browse) : choice.path;
  if (!data) return undefined;
  if (format === 'csv') {
    const header = (await readText(data)).split(/\r?\n/, 1)[0] ?? '';
    const column = await vscode.window.showQuickPick(labelColumnItems(header), { title: title(2, 'the column that holds the class') });
    return column ? { data, format, labelColumn: column.value } : undefined;
  }
  if (format === 'idx') {
    const companion = labelsFileNameFor(basename(data));
    if (companion && (await exists(join(dirname(data), companion)))) return { data, format, labels: join(dirname(data), companion) };
    const labels = await openOne({ title: title(2, 'the IDX labels file that goes with the images') });
    return labels ? { data, format, labels } : undefined;
  }
  return { data, format };
}

async function askSettings(layers: LayerInfo[]): Promise<Partial<FinetuneSettings> | undefined> {
  const strategy = await vscode.window.showQuickPick(strategyItems(layers), { title: title(3, 'what learns'), matchOnDetail: true });
  if (!strategy) return undefined;
  let lastN: number | undefined;
  if (strategy.value === 'last-n') {
    const pick = await vscode.window.showQuickPick(lastNItems(layers), { title: title(3, 'how many of the last layers learn') });
    if (!pick) return undefined;
    lastN = pick.value;
  }
  const settings = initialSettings(strategy.value);
  for (;;) {
    const pick = await vscode.window.showQuickPick(settingsItems(settings), { title: title(4, 'settings (defaults for this strategy)') });
    if (!pick) return undefined;
    if (pick.value === START) break;
    const key: SettingKey = pick.value;
    const text = await vscode.window.showInputBox({ title: title(4, settingPrompt(key)), value: String(settings[key]), validateInput: (t) => validateSetting(key, t) });
    if (text !== undefined) settings[key] = Number(text);
  }
  return { strategy: strategy.value, ...(lastN !== undefined ? { layers: lastN } : {}), ...settings };
}

/**
 * Runs the wizard; `model` skips the first step (the Explorer's context menu on a model.json).
 * `extensionUri` locates the samples' pretrained models.
 */
export async function askFinetuneRequest(extensionUri: vscode.Uri, model?: vscode.Uri): Promise<FinetuneRequest | undefined> {
  const base = await askModel(model, extensionUri);
  if (!base) return undefined;
  const data = await askData();
  if (!data) return undefined;
  const settings = await askSettings(base.layers);
  if (!settings) return undefined;
  return { model: base.model, ...data, settings };
}
