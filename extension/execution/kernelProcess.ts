// One notebook's kernel process, as the extension sees it: started on the first run, restarted on
// request or after it died, shut down when its notebook has been closed for a while (controller.ts).

import { unreachable } from '../../common/guards';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { KernelClient, type KernelStartOptions } from '../../common/node/kernelClient';
import type { MemoryMessage } from '../../common/protocol';
import type { BackendPreference, BackendReport } from '../../common/backends';
import { configuredNodePath } from './nodePath';
import { assertTrusted } from './workspaceTrust';

export interface KernelStatus {
  backend?: BackendReport;
  backendError?: string;
  memory?: MemoryMessage;
}

export class KernelProcess implements vscode.Disposable {
  private client: Promise<KernelClient> | undefined;
  private readonly statusEmitter = new vscode.EventEmitter<KernelStatus>();
  readonly onStatus = this.statusEmitter.event;
  status: KernelStatus = {};
  executionOrder = 0;

  constructor(
    /** The open document; replaced when the notebook is opened again while its kernel still runs. */
    public notebook: vscode.NotebookDocument,
    private readonly log: vscode.OutputChannel,
  ) {}

  /** The running kernel, started if there is none (or the last one died). */
  async get(): Promise<KernelClient> {
    if (this.client) {
      const client = await this.client.catch(() => undefined);
      if (client?.running) return client;
    }
    this.client = this.start();
    return this.client;
  }

  /** The kernel if one has started and still runs; never starts one. */
  async started(): Promise<KernelClient | undefined> {
    const client = await this.client?.catch(() => undefined);
    return client?.running ? client : undefined;
  }

  async restart(): Promise<void> {
    await this.shutdown();
    this.client = this.start();
    await this.client;
  }

  async shutdown(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    this.client = undefined;
    this.status = {};
    this.statusEmitter.fire(this.status);
    await client?.shutdown();
  }

  dispose(): void {
    void this.shutdown();
    this.statusEmitter.dispose();
  }

  private async start(): Promise<KernelClient> {
    // The one gate every start passes: nothing is forked, and nothing from the workspace is
    // loaded, while the workspace is untrusted (workspaceTrust.ts).
    assertTrusted();
    this.executionOrder = 0;
    const config = vscode.workspace.getConfiguration('tlnb', this.notebook.uri);
    const nodePath = configuredNodePath(this.notebook.uri);
    const backend = config.get<BackendPreference>('backend') ?? 'auto';
    const uri = this.notebook.uri;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    const notebookDir = uri.scheme === 'file' ? dirname(uri.fsPath) : (folder ?? process.cwd());
    const wasmThreads = config.get<number>('wasmThreads') ?? 1;
    const options: KernelStartOptions = {
      kernelPath: join(__dirname, 'kernel.js'),
      launch: { backend, notebookDir, ...(uri.scheme === 'file' ? { notebookPath: uri.fsPath } : {}) },
      env: { TLNB_WASM_THREADS: String(wasmThreads) },
      ...(nodePath ? { nodePath } : {}),
    };
    const name = vscode.workspace.asRelativePath(uri);
    this.log.appendLine(`[${name}] starting kernel with ${nodePath || process.execPath} (backend ${backend}, folder ${notebookDir})`);
    const client = await KernelClient.start(options);
    this.log.appendLine(`[${name}] kernel ${client.pid} started`);
    client.onOutput((text) => this.log.append(`[${name}] ${text}`));
    client.onMessage((message) => {
      switch (message.type) {
        case 'log':
          return this.log.appendLine(`[${name}] ${message.level}: ${message.text}`);
        case 'stream':
          if (!message.id) this.log.append(`[${name}] (background ${message.name}) ${message.text}`);
          return;
        case 'memory':
          return this.updateStatus({ memory: message });
        case 'backend':
          if (message.report) this.log.appendLine(`[${name}] backend ${message.report.active}: ${JSON.stringify(message.report.rungs)}`);
          else this.log.appendLine(`[${name}] no backend: ${message.error}`);
          return this.updateStatus(message.report ? { backend: message.report } : { backendError: message.error ?? 'unknown error' });
        case 'hello':
        case 'display':
        case 'update-display':
        case 'error':
        case 'done':
        case 'reply':
          return; // an execution's own: KernelClient routes them to its writer
        default:
          // A KernelMessage type without a case is a compile error here.
          return unreachable(message, 'kernel message');
      }
    });
    void client.exited.then((exit) => {
      this.log.appendLine(`[${name}] kernel ${client.pid} ${exit.expected ? 'stopped' : `died: ${exit.reason}`}`);
      if (!exit.expected) this.updateStatus({ backend: undefined, memory: undefined, backendError: `kernel died: ${exit.reason}` });
    });
    return client;
  }

  private updateStatus(change: Partial<KernelStatus>): void {
    this.status = { ...this.status, ...change };
    this.statusEmitter.fire(this.status);
  }
}
