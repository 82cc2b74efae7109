// Opens the harness page in Debian's Chromium (never a downloaded browser) over a tiny static
// server rooted at the repository, so the page loads the real dist/renderer.js as an ES module.

import { createServer, type Server } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page, type Locator } from 'playwright-core';
import { MIME } from '../../common/outputs';

export const ROOT = join(__dirname, '..', '..');
export const RESULTS = join(ROOT, 'test-results');
export type Theme = 'light' | 'dark' | 'hc';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

export function fixture<T = unknown>(name: string): Promise<T> {
  return readFile(join(ROOT, 'test', 'fixtures', 'payloads', `${name}.json`), 'utf8').then((t) => JSON.parse(t) as T);
}

export interface Harness {
  browser: Browser;
  page: Page;
  server: Server;
  close(): Promise<void>;
  /** Renders `payload` as output `id` and returns a locator for the output's element. */
  render(id: string, mime: (typeof MIME)[keyof typeof MIME], payload: unknown): Promise<Locator>;
  setTheme(theme: Theme): Promise<void>;
  screenshot(id: string, name: string): Promise<string>;
}

export async function openHarness(): Promise<Harness> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/' ? join(ROOT, 'test', 'browser', 'harness.html') : join(ROOT, path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 960, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(() => (window as unknown as { tlnb: { setTheme(t: string): void } }).tlnb.setTheme('light'));
  await mkdir(RESULTS, { recursive: true });

  return {
    browser,
    page,
    server,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    },
    async render(id, mime, payload) {
      await page.evaluate(
        ([i, m, p]) => (window as unknown as { tlnb: { render(...a: unknown[]): unknown } }).tlnb.render(i, m, p),
        // A JSON string crosses into the page far faster than a structured-cloned object.
        [id, mime, typeof payload === 'string' ? payload : JSON.stringify(payload)] as const,
      );
      return page.locator(`#${id}`);
    },
    async setTheme(theme) {
      await page.evaluate((t) => (window as unknown as { tlnb: { setTheme(t: string): void } }).tlnb.setTheme(t), theme);
      // The theme observer fires as a microtask; a frame later canvases have redrawn.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    },
    async screenshot(id, name) {
      const path = join(RESULTS, `renderer-${name}.png`);
      await page.locator(`#${id}`).screenshot({ path });
      return path;
    },
  };
}
