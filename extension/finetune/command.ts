// "tlnb: Fine-tune Model…": asks what to fine-tune (wizard.ts), runs `tlnb finetune` in its own
// process with a cancellable progress notification and a panel beside the editor (the layer graph
// with frozen layers marked, live curves: finetunePanel.ts), then opens the report notebook it
// wrote. Called with a request object (tests, other extensions) it skips the questions.

import { errorMessage, isRecord } from '../../common/guards';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { finetuneArgv, type FinetuneRequest } from '../../common/finetuneSettings';
import { nodeForTlnbProcesses } from '../execution/nodePath';
import type { PanelMessage } from '../../common/finetunePanelMessages';
import { assertTrusted } from '../execution/workspaceTrust';
import { FINETUNE_EXIT } from '../../common/finetuneProgress';
import { finetuneErrorMessage, startFinetuneProcess, type FinetuneExit, type FinetuneProcess } from './finetuneProcess';
import { FinetunePanel, type PanelHandlers } from './finetunePanel';
import { percentDone, progressMessage, resultSummary, withEvent, withLine, type RunView } from './progressText';
import type { KernelModels } from './kernelModels';
import { FinetuneWizard } from './wizard';
import { stepForProblem } from './wizardSteps';

export interface FinetuneCommandResult {
  /** `dismissed`: the user closed the wizard; `refused`: Restricted Mode. */
  status: 'done' | 'early-stopped' | 'cancelled' | 'failed' | 'refused' | 'dismissed';
  outDir?: string;
  reportFile?: string;
  /** What went wrong, as the error notification says it. */
  error?: string;
  /** The problem's stable name when the fine-tune refused the run (lib/finetune/errors.ts). */
  problem?: string;
}

/** A request whose base model is a variable of a running notebook's kernel (tests, other extensions). */
export type KernelModelRequest = Omit<FinetuneRequest, 'model'> & { model: { notebook: string; variable: string } };

function isKernelModelRequest(arg: unknown): arg is KernelModelRequest {
  return isRecord(arg) && isRecord(arg.model) && typeof arg.model.notebook === 'string' && typeof arg.model.variable === 'string' && typeof arg.data === 'string';
}

const RESTRICTED =
  'tlnb does not fine-tune in Restricted Mode: fine-tuning runs a Node.js process that reads the model and data files of this workspace (and the tlnb.nodePath setting). Trust the workspace to fine-tune.';

function isRequest(arg: unknown): arg is FinetuneRequest {
  return isRecord(arg) && !(arg instanceof vscode.Uri) && typeof arg.model === 'string' && typeof arg.data === 'string';
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
  /** The panel of the latest run, taken over by the next run once its own has ended. */
  private panel: FinetunePanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
    private readonly kernels?: KernelModels,
  ) {}

  /** The command's handler: no argument (palette), a model.json's Uri (Explorer), or a request. */
  async run(arg?: unknown): Promise<FinetuneCommandResult> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(RESTRICTED, 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return { status: 'refused', error: RESTRICTED };
    }
    if (isRequest(arg)) return this.train(withAbsolutePaths(arg));
    if (isKernelModelRequest(arg)) return this.trainKernelModel(arg);
    // A run the fine-tune refuses goes back to the step that can fix it, the reason shown there.
    const wizard = new FinetuneWizard(this.extensionUri, this.kernels);
    let asked = await wizard.ask(arg instanceof vscode.Uri ? { model: arg } : {});
    for (;;) {
      if (!asked) return { status: 'dismissed' };
      const result = await this.train(asked.request, true);
      const step = result.status === 'failed' && result.problem ? stepForProblem(result.problem) : undefined;
      if (!step) return result;
      this.log.appendLine(`asking step ${step} again: ${result.error}`);
      asked = await wizard.ask({ resume: { answers: asked.answers, step, message: result.error ?? result.problem! } });
    }
  }

  private async trainKernelModel(request: KernelModelRequest): Promise<FinetuneCommandResult> {
    let model: string;
    try {
      if (!this.kernels) throw new Error('models in notebook kernels are not available here');
      model = await this.kernels.save(request.model.notebook, request.model.variable);
    } catch (error) {
      const message = errorMessage(error);
      void vscode.window.showErrorMessage(`Fine-tune failed: ${message}`);
      return { status: 'failed', error: message };
    }
    this.log.appendLine(`saved the notebook variable \`${request.model.variable}\` to ${model}`);
    return this.train(withAbsolutePaths({ ...request, model }));
  }

  dispose(): void {
    // Each stops at its next batch and writes nothing (the CLI's cancel).
    for (const child of this.running) child.cancel();
  }

  /** `wizard`: the wizard asks again after a refusal, so the refusal shows there, not as a notification. */
  private async train(request: FinetuneRequest, wizard = false): Promise<FinetuneCommandResult> {
    assertTrusted(); // run() refuses first, with its message; this is the backstop before any spawn
    const argv = finetuneArgv(request);
    const nodePath = nodeForTlnbProcesses(vscode.Uri.file(request.data));
    const cliPath = join(__dirname, 'cli.js');
    const modelName = basename(request.model.endsWith('.json') ? dirname(request.model) : request.model);
    this.log.appendLine(`\n[${new Date().toLocaleTimeString()}] ${[nodePath, cliPath, 'finetune', ...argv].map(quote).join(' ')}`);

    // Set once the process runs: the panel's Cancel button and the notification's stop it the same way.
    let cancelRun: (() => void) | undefined;
    const handlers: PanelHandlers = {
      onCancel: () => cancelRun?.(),
      onOpenReport: (reportFile) => void this.openReport(reportFile, panel),
      onClosedWhileRunning: () => this.log.appendLine('the panel was closed; training goes on (Cancel in the notification stops it)'),
    };
    const panel = this.openPanel(modelName, handlers);
    const toPanel = (message: PanelMessage) => panel.post(message);
    toPanel({ type: 'start', model: modelName, data: basename(request.data) });

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
              toPanel({ type: 'event', event });
              view = withEvent(view, event);
              show();
            },
            onLine: (line, stream) => {
              this.log.appendLine(stream === 'stderr' ? `[stderr] ${line}` : line);
              if (stream === 'stdout') {
                toPanel({ type: 'line', line });
                view = withLine(view, line);
                if (!view.batch) show();
              }
            },
          },
        );
        this.running.add(child);
        let cancelling = false;
        cancelRun = () => {
          if (cancelling) return;
          cancelling = true;
          this.log.appendLine('cancel requested: training stops at the next batch and nothing is saved');
          toPanel({ type: 'cancelling' });
          child.cancel();
        };
        const cancel = token.onCancellationRequested(() => cancelRun?.());
        try {
          return await child.done;
        } finally {
          cancelRun = undefined;
          cancel.dispose();
          this.running.delete(child);
        }
      },
    );
    return this.finish(exit, panel, wizard);
  }

  /** A new panel, or the last one if its run has ended and it is still open. */
  private openPanel(modelName: string, handlers: PanelHandlers): FinetunePanel {
    if (this.panel?.idle) {
      this.panel.reuse(modelName, handlers);
      return this.panel;
    }
    const panel = FinetunePanel.open(this.extensionUri, modelName, handlers);
    this.panel = panel;
    return panel;
  }

  /** Opens the report notebook in an editor group other than the panel's, so both stay in sight. */
  private async openReport(reportFile: string, panel: FinetunePanel): Promise<void> {
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(reportFile));
    const beside = !panel.isClosed && panel.viewColumn === vscode.ViewColumn.One;
    await vscode.window.showNotebookDocument(notebook, { viewColumn: beside ? vscode.ViewColumn.Two : vscode.ViewColumn.One });
  }

  /**
   * Says how the process ended, in the panel first (it is in sight), then in a notification.
   * `wizard`: a refusal the wizard re-asks is shown at its step instead of a notification.
   */
  private async finish(exit: FinetuneExit, panel: FinetunePanel, wizard = false): Promise<FinetuneCommandResult> {
    const result = exit.result;
    if (exit.code === FINETUNE_EXIT.ok && result?.reportFile && result.outDir && result.status !== 'cancelled') {
      const { outDir, reportFile, status } = result;
      this.log.appendLine(`saved to ${outDir}`);
      const summary = resultSummary(result, basename(outDir));
      // The panel shows the accuracy before → after on its own line.
      panel.post({ type: 'end', status, message: `${result.message}. The model and its report are in ${basename(outDir)}.`, outDir, reportFile });
      await this.openReport(reportFile, panel);
      const reveal = 'Reveal in Explorer';
      void vscode.window.showInformationMessage(summary, reveal).then((choice) => {
        if (choice === reveal) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(outDir));
      });
      return { status, outDir, reportFile };
    }
    if (exit.code === FINETUNE_EXIT.cancelled || exit.signal === 'SIGINT' || result?.status === 'cancelled') {
      this.log.appendLine('cancelled; nothing was saved');
      const message = 'Fine-tune cancelled; nothing was saved.';
      panel.post({ type: 'end', status: 'cancelled', message });
      void vscode.window.showInformationMessage(message);
      return { status: 'cancelled' };
    }
    // The wizard asks again at the step that can fix a refusal, and shows the reason there.
    if (wizard && exit.refused && stepForProblem(exit.refused.problem)) {
      this.log.appendLine(`refused: ${exit.refused.message}`);
      panel.post({ type: 'end', status: 'failed', message: `Refused: ${exit.refused.message}. Change it in the question asked again.` });
      return { status: 'failed', error: exit.refused.message, problem: exit.refused.problem };
    }
    const error = finetuneErrorMessage(exit);
    this.log.appendLine(`failed: ${error}`);
    panel.post({ type: 'end', status: 'failed', message: `Fine-tune failed: ${error}` });
    const showLog = 'Show Log';
    void vscode.window.showErrorMessage(`Fine-tune failed: ${error}`, showLog).then((choice) => choice === showLog && this.log.show(true));
    return { status: 'failed', error };
  }
}
