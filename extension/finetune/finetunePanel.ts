// The "Fine-tune: <model>" webview panel beside the editor: the prepared model's layer graph with
// frozen layers marked, live training curves, the backend, epoch and ETA, and how the run ended.
// It draws with the notebook renderer's views (dist/finetunePanel.js, renderer/finetune/).
// Closing it does not stop the training; its Cancel button does what the notification's does.

import * as vscode from 'vscode';
import { isPanelRequest, type PanelMessage } from '../../common/finetunePanelMessages';
import { PanelFeed } from './panelFeed';
import { panelHtml, panelNonce } from './panelHtml';

export const FINETUNE_PANEL_VIEW_TYPE = 'tlnb.finetunePanel';

export interface PanelHandlers {
  onCancel(): void;
  /** The report notebook of the run that ended in this panel. */
  onOpenReport(reportFile: string): void;
  /** The person closed the panel while the run goes on (it is not cancelled). */
  onClosedWhileRunning(): void;
}

export class FinetunePanel implements vscode.Disposable {
  private readonly feed: PanelFeed;
  private readonly subscriptions: vscode.Disposable[] = [];
  private handlers: PanelHandlers;
  private closed = false;
  private finished = false;
  private reportFile: string | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    handlers: PanelHandlers,
  ) {
    this.handlers = handlers;
    const webview = panel.webview;
    this.feed = new PanelFeed((update) => void webview.postMessage(update));
    webview.html = panelHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'finetunePanel.js')).toString(),
      cspSource: webview.cspSource,
      nonce: panelNonce(),
      title: panel.title,
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (!isPanelRequest(message)) return;
        if (message.type === 'ready') this.feed.ready();
        else if (message.type === 'cancel') this.handlers.onCancel();
        else if (this.reportFile) this.handlers.onOpenReport(this.reportFile);
      }),
      panel.onDidDispose(() => {
        this.closed = true;
        if (!this.finished) this.handlers.onClosedWhileRunning();
        this.subscriptions.forEach((s) => s.dispose());
      }),
    );
  }

  /** Opens a panel beside the active editor without taking the focus from it. */
  static open(extensionUri: vscode.Uri, modelName: string, handlers: PanelHandlers): FinetunePanel {
    const panel = vscode.window.createWebviewPanel(
      FINETUNE_PANEL_VIEW_TYPE,
      panelTitle(modelName),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        // Hidden behind another tab, the page keeps its graph and charts instead of redrawing
        // them; should it reload all the same, its `ready` is answered with the whole run.
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
      },
    );
    return new FinetunePanel(panel, extensionUri, handlers);
  }

  /** The panel of a finished run, shown again for a new run (so runs do not pile up tabs). */
  reuse(modelName: string, handlers: PanelHandlers): void {
    this.handlers = handlers;
    this.finished = false;
    this.reportFile = undefined;
    this.panel.title = panelTitle(modelName);
    this.feed.restart();
    this.panel.reveal(this.panel.viewColumn, true);
  }

  post(message: PanelMessage): void {
    if (message.type === 'end') {
      this.finished = true;
      this.reportFile = message.reportFile;
    }
    this.feed.push(message);
  }

  /** Whether a new run may take this panel over: its own run ended and the person kept it open. */
  get idle(): boolean {
    return this.finished && !this.closed;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  dispose(): void {
    this.panel.dispose();
  }
}

export const panelTitle = (modelName: string) => `Fine-tune: ${modelName}`;
