import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serializeNotebook } from '../../../common/format';
import { describeSample } from '../../../extension/sampleInfo';

const notebook = (markdown: string) =>
  serializeNotebook({ metadata: {}, extra: {}, cells: [{ kind: 'markdown', language: 'markdown', source: markdown, metadata: {}, outputs: [], extra: {} }] });

test('a sample is described by its title and its original Chinese heading', () => {
  assert.deepEqual(describeSample('04-gradient-descent.tlnb', notebook('# Gradient descent\n\n*3.2 梯度下降*\n\nText.')), {
    file: '04-gradient-descent.tlnb',
    title: 'Gradient descent',
    subtitle: '3.2 梯度下降',
  });
});

test('without a heading the file name stands in', () => {
  assert.deepEqual(describeSample('x.tlnb', '{"tlnb":1,"cells":[]}'), { file: 'x.tlnb', title: 'x.tlnb' });
});
