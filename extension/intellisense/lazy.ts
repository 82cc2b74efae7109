// Starts the notebook IntelliSense (dist/intellisense.js, which carries TypeScript) when the first
// tlnb notebook opens, so activating the extension stays fast. Part of the main bundle: it must not
// import TypeScript or the rest of this folder except as types.

import { errorMessage, errorStack } from '../../common/guards';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Intellisense } from './providers';

export class LazyIntellisense implements vscode.Disposable {
  private loaded: Intellisense | undefined;
  private failed = false;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly notebookType: string,
    private readonly log: (line: string) => void,
  ) {
    this.listener = vscode.workspace.onDidOpenNotebookDocument((notebook) => this.startFor(notebook));
    for (const notebook of vscode.workspace.notebookDocuments) this.startFor(notebook);
  }

  /** The running IntelliSense, started now if a notebook needs it before one opened (never throws). */
  get(): Intellisense | undefined {
    if (!this.loaded && !this.failed) this.start();
    return this.loaded;
  }

  dispose(): void {
    this.listener.dispose();
  }

  private startFor(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType === this.notebookType && !this.loaded && !this.failed) this.start();
  }

  private start(): void {
    try {
      const started = Date.now();
      // A path esbuild leaves alone: the bundle is loaded at run time, not inlined into this one.
      const bundle = join(this.context.extensionPath, 'dist', 'intellisense.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-type-assertion -- a separate bundle loaded on first use (its path is known at run time only); its module is ./providers
      const { activateIntellisense } = require(bundle) as typeof import('./providers');
      this.loaded = activateIntellisense(this.context);
      this.log(`IntelliSense for tlnb notebooks started in ${Date.now() - started} ms`);
    } catch (error) {
      this.failed = true;
      this.log(`IntelliSense for tlnb notebooks could not start: ${errorStack(error)}`);
      void vscode.window.showWarningMessage(`tlnb: notebook IntelliSense could not start (${errorMessage(error)}). Cells still run; see the "tlnb Kernel" output for details.`);
    }
  }
}
