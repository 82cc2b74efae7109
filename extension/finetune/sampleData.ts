// The wizard's "Sample data" row: writes the sample data set (chapter 6's thick-pen digits, a
// folder of PNG images per digit) into the workspace by running `tlnb sample-data` (dist/cli.js)
// in its own process, as the fine-tune itself runs, and returns the new folder. The folder gets a
// free name (sample-thick-pen-digits, then -2, -3…): nothing in the workspace is overwritten.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SAMPLE_DIGITS_FOLDER } from '../../common/finetuneSettings';
import { nodeForTlnbProcesses } from '../execution/nodePath';
import { uriExists } from '../workspaceFs';
import { firstUsableName } from './modelChoices';

/** Writes the sample digits into a new folder of `parent`; throws with the CLI's message when it cannot. */
export async function writeSampleData(parent: string): Promise<string> {
  const name = await firstUsableName(SAMPLE_DIGITS_FOLDER, async (candidate) => !(await uriExists(vscode.Uri.file(join(parent, candidate)))));
  const folder = join(parent, name);
  const nodePath = nodeForTlnbProcesses(vscode.Uri.file(parent));
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Writing the sample digits into ${name}/…` }, () =>
    new Promise<void>((resolve, reject) => {
      execFile(
        nodePath,
        [join(__dirname, 'cli.js'), 'sample-data', '--out', folder],
        { cwd: parent, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 120_000 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const said = stderr.trim().replace(/^tlnb sample-data: /, '');
          reject(new Error(`could not write the sample data into ${folder}: ${said || error.message}\n  how to fix: check that the workspace folder is writable, or pick your own data`));
        },
      );
    }),
  );
  return folder;
}
