// "tlnb: Fine-tune Model…": asks what to fine-tune (wizard.ts), runs `tlnb finetune` in its own
// process with a cancellable progress notification, then opens the report notebook it wrote.
// Called with a request object (tests, other extensions) it skips the questions.

import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { finetuneArgv, type FinetuneRequest } from '../../common/finetuneSettings';
import { nodeForTlnbProcesses } from '../kernel/nodePath';
import { FINETUNE_EXIT, finetuneErrorMessage, startFinetuneProcess, type FinetuneExit, type FinetuneProcess } from './finetuneProcess';
import { percentDone, progressMessage, resultSummary, withEvent, withLine, type RunView } from './progressText';
import { askFinetuneRequest } from './wizard';

export interface FinetuneCommandResult {
  /** `dismissed`: the user closed the wizard; `refused`: Restricted Mode. */
  status: 'done' | 'early-stopped' | 'cancelled' | 'failed' | 'refused' | 'dismissed';
  outDir?: string;
  reportFile?: string;
  /** What went wrong, as the error notification says it. */
  error?: string;
}

const RESTRICTED =
  'tlnb does not fine-tune in Restricted Mode: fine-tuning runs a Node.js process that reads the model and data files of this workspace (and the tlnb.nodePath setting). Trust the workspace to fine-tune.';

function isRequest(arg: unknown): arg is FinetuneRequest {
  const r = arg as Partial<FinetuneRequest> | undefined;
  return typeof r === 'object' && r !== null && !(arg instanceof vscode.Uri) && typeof r.model === 'string' && typeof r.data === 'string';
}

/** A request's paths, relative ones taken from the first workspace folder (as a person names them). */
function withAbsolutePaths(request: FinetuneRequest): FinetuneRequest {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(root, path));
  return {
    ...request,
    settings: request.settings ?? {},
    model: absolute(request.model),
    data: absolute(request.data),
    ...(request.labels ? { labels: absolute(request.labels) } : {}),
    ...(request.out ? { out: absolute(request.out) } : {}),
  };
}

const quote = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export class FinetuneCommand implements vscode.Disposable {
  private readonly running = new Set<FinetuneProcess>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
  ) {}

  /** The command's handler: no argument (palette), a model.json's Uri (Explorer), or a request. */
  async run(arg?: unknown): Promise<FinetuneCommandResult> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(RESTRICTED, 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return { status: 'refused', error: RESTRICTED };
    }
    const request = isRequest(arg) ? withAbsolutePaths(arg) : await askFinetuneRequest(this.extensionUri, arg instanceof vscode.Uri ? arg : undefined);
    if (!request) return { status: 'dismissed' };
    return this.train(request);
  }

  dispose(): void {
    // Each stops at its next batch and writes nothing (the CLI's cancel).
    for (const child of this.running) child.cancel();
  }

  private async train(request: FinetuneRequest): Promise<FinetuneCommandResult> {
    const argv = finetuneArgv(request);
    const nodePath = nodeForTlnbProcesses(vscode.Uri.file(request.data));
    const cliPath = join(__dirname, 'cli.js');
    const modelName = basename(request.model.endsWith('.json') ? dirname(request.model) : request.model);
    this.log.appendLine(`\n[${new Date().toLocaleTimeString()}] ${[nodePath, cliPath, 'finetune', ...argv].map(quote).join(' ')}`);

    const exit = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Fine-tuning ${modelName}`, cancellable: true },
      async (progress, token) => {
        let view: RunView = {};
        let reported = 0;
        const show = () => {
          const percent = percentDone(view);
          progress.report({ message: progressMessage(view), increment: percent - reported });
          reported = percent;
        };
        const child = startFinetuneProcess(
          { cliPath, nodePath, argv, cwd: dirname(request.data) },
          {
            onEvent: (event) => {
              view = withEvent(view, event);
              show();
            },
            onLine: (line, stream) => {
              this.log.appendLine(stream === 'stderr' ? `[stderr] ${line}` : line);
              if (stream === 'stdout') {
                view = withLine(view, line);
                if (!view.batch) show();
              }
            },
          },
        );
        this.running.add(child);
        const cancel = token.onCancellationRequested(() => {
          this.log.appendLine('cancel requested: training stops at the next batch and nothing is saved');
          child.cancel();
        });
        try {
          return await child.done;
        } finally {
          cancel.dispose();
          this.running.delete(child);
        }
      },
    );
    return this.finish(exit);
  }

  private async finish(exit: FinetuneExit): Promise<FinetuneCommandResult> {
    const result = exit.result;
    if (exit.code === FINETUNE_EXIT.ok && result?.reportFile && result.outDir) {
      const { outDir, reportFile } = result;
      this.log.appendLine(`saved to ${outDir}`);
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(reportFile));
      await vscode.window.showNotebookDocument(notebook);
      const reveal = 'Reveal in Explorer';
      void vscode.window.showInformationMessage(resultSummary(result, basename(outDir)), reveal).then((choice) => {
        if (choice === reveal) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(outDir));
      });
      return { status: result.status, outDir, reportFile };
    }
    if (exit.code === FINETUNE_EXIT.cancelled || exit.signal === 'SIGINT' || result?.status === 'cancelled') {
      this.log.appendLine('cancelled; nothing was saved');
      void vscode.window.showInformationMessage('Fine-tune cancelled; nothing was saved.');
      return { status: 'cancelled' };
    }
    const error = finetuneErrorMessage(exit);
    this.log.appendLine(`failed: ${error}`);
    const showLog = 'Show Log';
    void vscode.window.showErrorMessage(`Fine-tune failed: ${error}`, showLog).then((choice) => choice === showLog && this.log.show(true));
    return { status: 'failed', error };
  }
}
