// Wires the fine-tune: the command "tlnb: Fine-tune Model…" and its Output channel "tlnb Fine-tune".

import * as vscode from 'vscode';
import { FinetuneCommand } from './command';

export function registerFinetune(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('tlnb Fine-tune');
  const command = new FinetuneCommand(context.extensionUri, log);
  context.subscriptions.push(log, command, vscode.commands.registerCommand('tlnb.finetune', (arg?: unknown) => command.run(arg)));
}
