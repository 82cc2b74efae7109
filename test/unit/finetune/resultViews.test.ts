// The report's sample predictions: images marked right exactly when the model was right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { MIME, type ImageGridPayload } from '../../../common/outputs';
import { samplePredictions } from '../../../lib/finetune/report/resultViews';
import { DISPLAY } from '../../../lib/views/displayable';

test('sample predictions as images: label and prediction are class names, so the grid marks right and wrong as evaluated', () => {
  const xs = tf.zeros([4, 2, 2, 1]);
  const classIds = Int32Array.from([0, 1, 0, 1]);
  const evaluation = { accuracy: 0.75, predicted: Int32Array.from([0, 0, 0, 1]), confidence: Float32Array.from([0.9, 0.6, 0.8, 0.7]), confusion: [] };
  const view = samplePredictions({ xs, classIds, indices: [0, 1, 2, 3] }, evaluation, { classNames: ['cat', 'dog'], image: { width: 2, height: 2, channels: 1 }, describeExample: (i) => `#${i}` }, 4);
  const payload = view[DISPLAY]()[MIME.images] as ImageGridPayload;
  assert.deepEqual(payload.images.map((im) => [im.label, im.prediction]), [['cat', 'cat'], ['dog', 'cat'], ['cat', 'cat'], ['dog', 'dog']]);
  assert.equal(payload.images.filter((im) => im.label === im.prediction).length, 3, 'as many right as evaluated');
  xs.dispose();
});

test('sample predictions as a table (no images): the prediction with its confidence', () => {
  const xs = tf.zeros([2, 3]);
  const view = samplePredictions({ xs, classIds: Int32Array.from([0, 1]), indices: [5, 6] }, { accuracy: 0.5, predicted: Int32Array.from([0, 0]), confidence: Float32Array.from([0.9, 0.55]), confusion: [] }, { classNames: ['a', 'b'], describeExample: (i) => `row ${i}` }, 2);
  const text = view[DISPLAY]()['text/plain'] as string;
  assert.match(text, /row 5\s*\|?\s*a\s*\|?\s*a \(90\.0%\)/);
  assert.match(text, /row 6\s*\|?\s*b\s*\|?\s*a \(55\.0%\)/);
  xs.dispose();
});
