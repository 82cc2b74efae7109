// Opens the fine-tune panel's real page (extension/finetune/panelHtml.ts, its CSP included) with
// the real dist/finetunePanel.js in Debian's Chromium. What VS Code's webview host provides is
// stood in for by a script with the page's nonce: acquireVsCodeApi (its postMessage recorded),
// the theme variables set on <html> (values from test/browser/harness.html's themes, as VS Code
// sets them), and window messages. Violations of the page's policy are recorded too.

import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PanelRequest, PanelUpdate } from '../../common/finetunePanelMessages';
import { panelHtml, panelNonce } from '../../extension/finetune/panelHtml';
import { RESULTS, ROOT, type Theme } from './harness';
import { chromium } from 'playwright-core';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json' };

/** The theme variables of harness.html's `html.light { … }` (and dark, hc) blocks, as name → value. */
function themeVariables(): Record<Theme, Record<string, string>> {
  const css = readFileSync(join(ROOT, 'test', 'browser', 'harness.html'), 'utf8');
  const themes = {} as Record<Theme, Record<string, string>>;
  for (const [, name, body] of css.matchAll(/html\.(light|dark|hc) \{([^}]*)\}/g)) {
    themes[name as Theme] = Object.fromEntries(
      body!
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => [d.slice(0, d.indexOf(':')).trim(), d.slice(d.indexOf(':') + 1).trim()]),
    );
  }
  return themes;
}

function hostStandIn(nonce: string, light: Record<string, string>): string {
  return `<script nonce="${nonce}">
  window.__requests = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
  window.acquireVsCodeApi = () => ({ postMessage: (message) => window.__requests.push(message) });
  window.__setTheme = (variables, bodyClass) => {
    for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
    document.body.className = bodyClass;
  };
  window.__setTheme(${JSON.stringify(light)}, 'vscode-light');
</script>
`;
}

export interface PanelPage {
  page: Page;
  /** What the page asked of the extension so far. */
  requests(): Promise<PanelRequest[]>;
  /** CSP violations the page reported. */
  violations(): Promise<string[]>;
  /** Delivers an update as VS Code does (a window message event). */
  deliver(update: PanelUpdate): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  /** Waits for the page to draw what it was sent (drawing waits for an animation frame). */
  settle(): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openPanelPage(): Promise<PanelPage> {
  const themes = themeVariables();
  let port = 0;
  const nonce = panelNonce();
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/') {
      const origin = `http://127.0.0.1:${port}`;
      const html = panelHtml({ scriptUri: `${origin}/dist/finetunePanel.js`, cspSource: origin, nonce, title: 'Fine-tune: mnist-mlp' });
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html.replace('<body>\n', `<body>\n${hostStandIn(nonce, themes.light)}`));
      return;
    }
    try {
      const body = await readFile(join(ROOT, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 1100 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await mkdir(RESULTS, { recursive: true });

  const panel: PanelPage = {
    page,
    requests: () => page.evaluate(() => (window as unknown as { __requests: PanelRequest[] }).__requests.slice()),
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice()),
    async deliver(update) {
      await page.evaluate((u) => window.postMessage(u, '*'), update);
    },
    async setTheme(theme) {
      const bodyClass = `vscode-${theme === 'hc' ? 'high-contrast' : theme}`;
      await page.evaluate(([variables, cls]) => (window as unknown as { __setTheme(v: unknown, c: string): void }).__setTheme(variables, cls), [themes[theme], bodyClass] as const);
      await panel.settle();
    },
    async settle() {
      // A message event, then the page's animation frame, then one more for the canvases.
      await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined))), 0)));
    },
    async screenshot(name) {
      const path = join(RESULTS, `finetune-panel-${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    },
  };
  return panel;
}
