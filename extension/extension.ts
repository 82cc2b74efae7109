// Activation only wires the parts together; each part lives in its own file.

import * as vscode from 'vscode';
import { registerFinetune } from './finetune';
import { registerJupyterCommands } from './jupyter/commands';
import { LazyIntellisense } from './intellisense/lazy';
import { typeCheckRefusal } from './intellisense/typeCheckBeforeRun';
import { registerKernel } from './execution';
import { registerDebugCell } from './debug';
import { newNotebook } from './newNotebook';
import { registerParametersCell } from './parametersCell';
import { registerSampleCommands } from './samples';
import { registerVariableInspector } from './variables/variableInspector';
import { VariablesView } from './variables/variablesView';
import { NOTEBOOK_TYPE, TlnbSerializer, reportReadFailure } from './serializer';

export function activate(context: vscode.ExtensionContext): void {
  const serializer = new TlnbSerializer((content, error) => void reportReadFailure(content, error));
  context.subscriptions.push(
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, serializer, { transientOutputs: false }),
    vscode.commands.registerCommand('tlnb.newNotebook', newNotebook),
    registerSampleCommands(context),
    registerJupyterCommands(context),
    registerParametersCell(),
  );
  const controller = registerKernel(context);
  registerFinetune(context, controller);
  context.subscriptions.push(new VariablesView(controller), registerVariableInspector(context, controller));
  registerDebugCell(context, controller);
  // Cross-cell completions, types and diagnostics: TypeScript loads on the first tlnb notebook only.
  const intellisenseLog = vscode.window.createOutputChannel('tlnb IntelliSense');
  const intellisense = new LazyIntellisense(context, NOTEBOOK_TYPE, (line) => intellisenseLog.appendLine(line));
  context.subscriptions.push(intellisenseLog, intellisense);
  controller.runCheck = (cell) => typeCheckRefusal(cell, intellisense);
}

export function deactivate(): void {}
