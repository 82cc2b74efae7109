// What a notebook file says is checked as it is read: a hand-edited tlnb payload or ipynb cell of
// the wrong shape gives a clear refusal or no summary, never a TypeError from deep inside.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fallbackPng, summaryText } from '../../../common/jupyter/fallbacks';
import { fromIpynb, IpynbImportError } from '../../../common/jupyter/fromIpynb';
import { MIME } from '../../../common/outputs';

test('a training payload whose runs are not a list gives no summary instead of throwing', () => {
  assert.equal(summaryText(MIME.training, { version: 1, runs: 'oops' }), undefined);
  assert.equal(summaryText(MIME.confusion, { version: 1, labels: ['a'] }), undefined);
  assert.equal(fallbackPng(MIME.images, { version: 1, width: 2, height: 2, channels: 1, images: [{}] }), undefined);
});

test('a well-formed training payload is still summarised', () => {
  const payload = { version: 1, runs: [{ name: 'fit 1', status: 'done', epochs: 2, epochEnds: [{ epoch: 1, step: 9, values: { loss: 0.5 } }] }] };
  assert.equal(summaryText(MIME.training, payload), 'fit 1: done, epoch 1/2 — loss 0.5000');
});

test('an ipynb whose cells are not objects is refused with an import error that says so', () => {
  const text = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [null] });
  assert.throws(() => fromIpynb(text, 'bad.ipynb'), (error: unknown) => error instanceof IpynbImportError && /bad\.ipynb is not a Jupyter notebook: its metadata or one of its cells is not a JSON object/.test(error.message));
});
