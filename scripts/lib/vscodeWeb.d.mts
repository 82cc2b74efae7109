import type { ChildProcess } from 'node:child_process';
export const CODE_SERVER_VERSION: string;
export const QUIET_SETTINGS: Record<string, unknown>;
export function cacheDir(): string;
export function ensureCodeServer(): { node: string; entry: string };
export function installExtension(extensionsDir: string, vsix: string): void;
export function freePort(): Promise<number>;
export interface CodeServerOptions {
  workspace: string;
  extensionsDir: string;
  userDataDir: string;
  port?: number;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  trust?: boolean;
  /** Seconds code-server keeps a disconnected window's extension host (its default: 3 hours). */
  reconnectionGraceSeconds?: number;
  log?: (text: string) => void;
}
export interface CodeServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}
export function startCodeServer(options: CodeServerOptions): Promise<CodeServer>;
