// Opens a real VS Code for the Web (code-server) in headless Chromium with extensions installed
// from VSIX files and a throwaway workspace. The tests in test/vscode/ build on this.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { installExtension, startCodeServer, type CodeServer } from '../../../scripts/lib/vscodeWeb.mjs';

export const REPO = resolve(import.meta.dirname, '../../..');
export const RESULTS_DIR = join(REPO, 'test-results');
export const PRODUCT_VSIX = join(REPO, 'out/tlnb.vsix');

export interface WorkbenchOptions {
  /** Names the test's screenshots and saved logs. */
  name: string;
  /** Folders and files copied into the workspace: [source, name in the workspace]. */
  files: Array<[string, string]>;
  vsixes?: string[];
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Workspace trust on and this workspace not trusted (Restricted Mode, no startup prompt). */
  restricted?: boolean;
}

export interface Workbench {
  page: Page;
  workspace: string;
  server: CodeServer;
  userDataDir: string;
  close(): Promise<void>;
}

export function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium not found: install Debian\'s "chromium" package (apt-get install chromium) or set CHROMIUM_PATH.');
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const root = mkdtempSync(join(tmpdir(), 'tlnb-vscode-'));
  const workspace = join(root, 'workspace');
  const extensionsDir = join(root, 'extensions');
  const userDataDir = join(root, 'user-data');
  mkdirSync(workspace, { recursive: true });
  for (const [source, name] of options.files) cpSync(source, join(workspace, name), { recursive: true });
  for (const vsix of options.vsixes ?? [PRODUCT_VSIX]) installExtension(extensionsDir, vsix);

  const server = await startCodeServer({
    workspace,
    extensionsDir,
    userDataDir,
    env: options.env ?? {},
    settings: { ...(options.restricted ? { 'security.workspace.trust.startupPrompt': 'never' } : {}), ...options.settings },
    ...(options.restricted ? { trust: false } : {}),
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  try {
    // A loaded machine (CI runners, shared hosts) can take more than Playwright's default 30 s.
    await page.goto(server.url, { timeout: 120_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await waitForExtensionHost(userDataDir);
  } catch (error) {
    await browser.close();
    await server.stop();
    throw error;
  }
  return {
    page,
    workspace,
    server,
    userDataDir,
    close: async () => {
      await browser.close();
      await server.stop();
      // Keep VS Code's logs for whoever reads the test results (CI included).
      const logs = join(userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(RESULTS_DIR, 'vscode-logs', options.name), { recursive: true });
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Until the extension host has started, the workbench does not know the extensions'
 * contributions and opens a .tlnb file as plain text; its log says when it is ready.
 */
async function waitForExtensionHost(userDataDir: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const logs = join(userDataDir, 'logs');
    if (existsSync(logs)) {
      for (const session of readdirSync(logs)) {
        const log = join(logs, session, 'exthost1', 'remoteexthost.log');
        if (existsSync(log) && readFileSync(log, 'utf8').includes('Eager extensions activated')) return;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the VS Code extension host did not start within ${timeoutMs / 1000} s (logs in ${userDataDir}/logs)`);
}

/** Clicks a file in the Explorer, as a person would. */
export async function openFromExplorer(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
}

export async function openNotebookFromExplorer(page: Page, name: string): Promise<void> {
  await openFromExplorer(page, name);
  await page.locator('.notebook-editor').first().waitFor({ state: 'visible', timeout: 60_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
