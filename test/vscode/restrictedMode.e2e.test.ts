// Restricted Mode in a real VS Code (for the Web) with workspace trust ON and the workspace not
// trusted: a workspace whose node_modules holds a planted @tensorflow/tfjs-node (and -gpu) that
// writes a marker file when required. The in-host suite (host/suites/restricted.ts) invokes
// Restart Kernel, Restart Kernel and Run All and Fine-tune through executeCommand (past the menus'
// gating); this file checks what a person sees (tlnb's message, no restart buttons, no palette
// entries) and that no kernel process ran and nothing planted was loaded. Last, a control: a
// kernel started by hand in that folder does require the planted package, so the test can fail.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { KernelClient } from '../../common/node/kernelClient';
import { serializeNotebook } from '../../common/format';
import { recordNotifications, waitForNotification } from './support/notifications';
import { quickItemLabels } from './support/quickInput';
import { PRODUCT_VSIX, REPO, screenshot, openWorkbench, type Workbench } from './support/workbench';

interface HostResults {
  results?: Array<{ name: string; ok: boolean; ms: number; error?: string }>;
  crashed?: string;
}

const stamp = `${process.pid}-${Date.now()}`;
const resultsFile = join(tmpdir(), `tlnb-restricted-results-${stamp}.json`);
const goFile = join(tmpdir(), `tlnb-restricted-go-${stamp}`);
const marker = join(tmpdir(), `tlnb-planted-marker-${stamp}.txt`);
let workbench: Workbench;
let host: HostResults;
let readToasts: () => Promise<string[]>;

/** A package that announces every require by appending to the marker file, then fails to load. */
function plant(dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '4.22.0', main: 'index.js' }, null, 2)}\n`);
  writeFileSync(
    join(dir, 'index.js'),
    `require('fs').appendFileSync(${JSON.stringify(marker)}, ${JSON.stringify(name)} + ' required by pid ' + process.pid + '\\n');\n` +
      `throw new Error('planted package: must never be loaded from an untrusted workspace');\n`,
  );
}

function plantedWorkspace(): string {
  const dir = join(REPO, 'out', 'restricted-workspace');
  rmSync(dir, { recursive: true, force: true });
  plant(join(dir, 'node_modules', '@tensorflow', 'tfjs-node'), '@tensorflow/tfjs-node');
  plant(join(dir, 'node_modules', '@tensorflow', 'tfjs-node-gpu'), '@tensorflow/tfjs-node-gpu');
  writeFileSync(
    join(dir, 'planted.tlnb'),
    serializeNotebook({
      metadata: {},
      extra: {},
      cells: [{ kind: 'code', language: 'typescript', source: `require('fs').appendFileSync(${JSON.stringify(marker)}, 'a cell ran\\n');`, metadata: {}, extra: {}, outputs: [] }],
    }),
  );
  return dir;
}

/** Command lines of processes running a tlnb kernel bundle from this workbench's extensions. */
function kernelProcesses(): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const extensions = join(dirname(workbench.workspace), 'extensions');
  return lines.filter((line) => line.includes(extensions) && line.includes('kernel.js'));
}

before(async () => {
  const planted = plantedWorkspace();
  rmSync(marker, { force: true });
  workbench = await openWorkbench({
    name: 'restricted-mode',
    restricted: true,
    files: [
      [join(planted, 'node_modules'), 'node_modules'],
      [join(planted, 'planted.tlnb'), 'planted.tlnb'],
    ],
    vsixes: [PRODUCT_VSIX, join(REPO, 'out/tlnb-host-tests.vsix')],
    env: { TLNB_HOST_TESTS_RESULTS: resultsFile, TLNB_HOST_TESTS_GO: goFile, TLNB_HOST_TESTS_MARKER: marker },
  });
  readToasts = await recordNotifications(workbench.page);
  writeFileSync(goFile, 'go\n');
  const deadline = Date.now() + 240_000;
  while (!existsSync(resultsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  await screenshot(workbench.page, 'restricted-mode');
  assert.ok(existsSync(resultsFile), 'the Restricted Mode host suite wrote its results within 4 minutes');
  host = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResults;
});

after(async () => {
  await workbench?.close();
  rmSync(resultsFile, { force: true });
  rmSync(goFile, { force: true });
  rmSync(marker, { force: true });
});

test('the Restricted Mode suite ran inside an untrusted extension host', async (t) => {
  assert.equal(host.crashed, undefined);
  assert.ok((host.results?.length ?? 0) >= 4, `the suite ran: ${JSON.stringify(host.results?.map((r) => r.name))}`);
  for (const result of host.results ?? []) {
    await t.test(result.name, () => {
      if (!result.ok) assert.fail(result.error);
    });
  }
});

test("tlnb's own message says what to do", async () => {
  const text = await waitForNotification(readToasts, workbench.page, /does not start a kernel in Restricted Mode/, 30_000);
  assert.match(text, /Trust the workspace to run cells: Manage Workspace Trust/);
  const toast = workbench.page.locator('.notifications-toasts', { hasText: 'does not start a kernel in Restricted Mode' }).first();
  assert.ok(await toast.getByRole('button', { name: 'Manage Workspace Trust' }).count() > 0, 'the toast offers Manage Workspace Trust');
  await screenshot(workbench.page, 'restricted-mode-message');
});

test('the notebook toolbar shows no restart buttons, and the palette offers no restart', async () => {
  const { page } = workbench;
  await page.locator('.notebook-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
  const toolbar = await page.locator('.notebook-toolbar-container .action-item a, .notebook-toolbar-container .action-item .action-label').evaluateAll((items) =>
    items.map((item) => `${item.getAttribute('aria-label') ?? ''} ${(item as HTMLElement).innerText ?? ''}`),
  );
  assert.ok(toolbar.some((label) => /Run All/.test(label)), `the notebook toolbar is on screen: ${toolbar.join(' | ')}`);
  assert.deepEqual(toolbar.filter((label) => /Restart Kernel/.test(label)), [], 'no restart button');

  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type('tlnb: ');
  let labels: string[] = [];
  for (let i = 0; i < 50 && !labels.some((l) => /Show Kernel Output/.test(l)); i++) {
    await page.waitForTimeout(200);
    labels = await quickItemLabels(page);
  }
  await screenshot(page, 'restricted-mode-palette');
  await page.keyboard.press('Escape');
  assert.ok(labels.some((l) => /tlnb: Show Kernel Output/.test(l)), `the palette lists tlnb's commands: ${labels.join(' | ')}`);
  assert.deepEqual(labels.filter((l) => /Restart Kernel/.test(l)), [], 'no restart command offered');
});

test('no kernel process ran and nothing planted in the workspace was loaded', () => {
  assert.deepEqual(kernelProcesses(), []);
  assert.equal(existsSync(marker), false, existsSync(marker) ? readFileSync(marker, 'utf8') : '');
});

test('control: a kernel started in that folder (as Restart did before) requires the planted package', async () => {
  const client = await KernelClient.start({ kernelPath: join(REPO, 'dist', 'kernel.js'), launch: { backend: 'auto', notebookDir: workbench.workspace } });
  try {
    await client.backend;
  } finally {
    await client.shutdown();
  }
  assert.match(readFileSync(marker, 'utf8'), /@tensorflow\/tfjs-node(-gpu)? required by pid/);
  rmSync(marker, { force: true });
});
