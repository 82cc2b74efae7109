// Entry of the host-test extension. In VS Code for the Web (code-server) it runs the suites when
// TLNB_HOST_TESTS_RESULTS names a file and writes the results there for test/vscode/host.test.ts;
// TLNB_HOST_TESTS_FILTER (a regular expression) runs only the tests whose names match.
// Under @vscode/test-electron, `run` is the extensionTestsPath entry.

import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { runAll } from './runner';
import './suites/format';
import './suites/commands';
import './suites/finetune';
import './suites/kernelModel';
import './suites/jupyter';
import './suites/intellisense';
import './suites/debugCell';
import './suites/closedKernel';
import { RESTRICTED_PREFIX } from './suites/restricted';

export function activate(): void {
  const resultsFile = process.env.TLNB_HOST_TESTS_RESULTS;
  if (!resultsFile) return;
  const channel = vscode.window.createOutputChannel('tlnb host tests');
  // An untrusted window (restrictedMode.e2e.test.ts) runs only the Restricted Mode suite; a trusted one all others.
  // TLNB_HOST_TESTS_FILTER (a regular expression) narrows it to the tests whose names match.
  const restricted = !vscode.workspace.isTrusted;
  const filter = process.env.TLNB_HOST_TESTS_FILTER;
  const pick = (name: string) => name.startsWith(RESTRICTED_PREFIX) === restricted && (!filter || new RegExp(filter).test(name));
  void runAll((line) => channel.appendLine(line), pick).then(
    (results) => writeFileSync(resultsFile, JSON.stringify({ results }, null, 2)),
    (error) => writeFileSync(resultsFile, JSON.stringify({ crashed: String(error?.stack ?? error) })),
  );
}

export async function run(): Promise<void> {
  const results = await runAll((line) => console.log(line), (name) => !name.startsWith(RESTRICTED_PREFIX));
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} tlnb host tests failed`);
}
