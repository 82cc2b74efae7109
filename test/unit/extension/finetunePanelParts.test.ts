// The fine-tune panel's parts that need no VS Code: the feed that holds messages until the webview
// listens and answers every `ready` with the whole run, the page and its Content-Security-Policy,
// and the shapes of the messages both sides accept.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPanelRequest, isPanelUpdate, type PanelMessage, type PanelUpdate } from '../../../common/finetunePanelMessages';
import { parseProgressLine, progressLine } from '../../../common/finetuneProgress';
import { PanelFeed } from '../../../extension/finetune/panelFeed';
import { panelCsp, panelHtml, panelNonce } from '../../../extension/finetune/panelHtml';

const start: PanelMessage = { type: 'start', model: 'mnist-mlp', data: 'digits' };
const line: PanelMessage = { type: 'line', line: 'loading the data digits' };
const backend: PanelMessage = { type: 'event', event: { type: 'backend', name: 'wasm' } };
const end: PanelMessage = { type: 'end', status: 'done', message: 'trained 2 epochs' };

test('messages sent before the webview listens are held, and its ready gets all of them at once', () => {
  const posted: PanelUpdate[] = [];
  const feed = new PanelFeed((u) => posted.push(u));
  feed.push(start);
  feed.push(line);
  assert.deepEqual(posted, [], 'nothing is posted to a page that is not listening yet');
  feed.ready();
  assert.deepEqual(posted, [{ type: 'tlnb.finetune.update', reset: true, messages: [start, line] }]);
  feed.push(backend);
  assert.deepEqual(posted[1], { type: 'tlnb.finetune.update', reset: false, messages: [backend] }, 'then each message as it comes');
});

test('a webview that loads again (a second ready) is sent the whole run from its start', () => {
  const posted: PanelUpdate[] = [];
  const feed = new PanelFeed((u) => posted.push(u));
  feed.ready();
  feed.push(start);
  feed.push(backend);
  feed.ready();
  assert.deepEqual(posted.at(-1), { type: 'tlnb.finetune.update', reset: true, messages: [start, backend] });
  assert.deepEqual(feed.history(), [start, backend]);
});

test('a panel taken over by a new run forgets the old one', () => {
  const posted: PanelUpdate[] = [];
  const feed = new PanelFeed((u) => posted.push(u));
  feed.ready();
  feed.push(start);
  feed.push(end);
  feed.restart();
  assert.deepEqual(posted.at(-1), { type: 'tlnb.finetune.update', reset: true, messages: [] });
  assert.deepEqual(feed.history(), []);
  const quiet: PanelUpdate[] = [];
  const unready = new PanelFeed((u) => quiet.push(u));
  unready.push(start);
  unready.restart();
  assert.deepEqual(quiet, [], 'a page not yet listening is not written to');
});

test('the page loads only its script, with a fresh nonce, under a policy without inline code or network', () => {
  const nonce = panelNonce();
  assert.match(nonce, /^[A-Za-z0-9_-]{22}$/, '128 random bits, base64url');
  assert.notEqual(panelNonce(), nonce);
  const csp = panelCsp('https://file+.vscode-resource.vscode-cdn.net', nonce);
  assert.deepEqual(csp.split('; '), [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    'style-src https://file+.vscode-resource.vscode-cdn.net',
    'img-src https://file+.vscode-resource.vscode-cdn.net data: blob:',
    'font-src https://file+.vscode-resource.vscode-cdn.net',
  ]);
  assert.doesNotMatch(csp, /unsafe/);
  const html = panelHtml({ scriptUri: 'https://x/dist/finetunePanel.js', cspSource: 'https://x', nonce, title: 'Fine-tune: <my "model">' });
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${panelCsp('https://x', nonce).replace(/'/g, '&#39;')}">`));
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, [`<script nonce="${nonce}" src="https://x/dist/finetunePanel.js">`]);
  assert.ok(html.includes('<title>Fine-tune: &#60;my &#34;model&#34;&#62;</title>'), 'a model name cannot write markup');
  assert.doesNotMatch(html, /<style|style=/, 'no inline style for the policy to refuse');
});

test('message shapes: updates and requests are recognised, anything else is ignored', () => {
  assert.equal(isPanelUpdate({ type: 'tlnb.finetune.update', reset: false, messages: [] }), true);
  assert.equal(isPanelUpdate({ type: 'tlnb.finetune.update', messages: [] }), false);
  assert.equal(isPanelUpdate({ type: 'tlnb.training.append', reset: true, messages: [] }), false);
  assert.equal(isPanelUpdate(null), false);
  for (const type of ['ready', 'cancel', 'openReport']) assert.equal(isPanelRequest({ type }), true, type);
  assert.equal(isPanelRequest({ type: 'delete everything' }), false);
  assert.equal(isPanelRequest('ready'), false);
});

test('the model event and a batch\'s accuracy survive the progress line', () => {
  const graph = { version: 1 as const, name: 'm', className: 'Sequential', layers: [], inputs: [], outputs: [], totals: { trainable: 1, nonTrainable: 2 }, summary: '' };
  const model = { type: 'model' as const, graph, newLayers: ['finetune_output'], notes: ['a note'], plan: 'training: head' };
  assert.deepEqual(parseProgressLine(progressLine(model)), model);
  const batch = { type: 'batch' as const, text: 't', epoch: 1, epochs: 2, batch: 1, batchesPerEpoch: 3, loss: 0.5, accuracy: 0.25, etaSeconds: 1 };
  assert.deepEqual(parseProgressLine(progressLine(batch)), batch);
});
