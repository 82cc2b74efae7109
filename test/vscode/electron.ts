// The in-host suite under desktop VS Code, with @vscode/test-electron. It downloads VS Code, so it
// needs network access to update.code.visualstudio.com; offline, `npm run test:vscode` runs the
// same suite in VS Code for the Web instead.

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO } from './support/workbench';

const workspace = join(mkdtempSync(join(tmpdir(), 'tlnb-electron-')), 'workspace');
cpSync(join(REPO, 'samples'), join(workspace, 'samples'), { recursive: true });

await runTests({
  extensionDevelopmentPath: REPO,
  extensionTestsPath: join(REPO, 'out/host-tests/dist/extension.js'),
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
});
