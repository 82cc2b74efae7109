// Wires the fine-tune: the command "tlnb: Fine-tune Model…" and its Output channel "tlnb Fine-tune".

import * as vscode from 'vscode';
import type { TlnbController } from '../execution/controller';
import { FinetuneCommand } from './command';
import { KernelModels } from './kernelModels';

/** `controller` gives the wizard the running kernels, whose models it offers as base models. */
export function registerFinetune(context: vscode.ExtensionContext, controller: TlnbController): void {
  const log = vscode.window.createOutputChannel('tlnb Fine-tune');
  const command = new FinetuneCommand(context.extensionUri, log, new KernelModels(controller));
  context.subscriptions.push(log, command, vscode.commands.registerCommand('tlnb.finetune', (arg?: unknown) => command.run(arg)));
}
