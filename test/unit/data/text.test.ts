import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAD_ID, UNKNOWN_ID, Vocabulary, tokenize } from '../../../lib/data/text';

test('tokenize keeps lower-cased words and drops numbers, markup and one-letter noise', () => {
  assert.deepEqual(tokenize("FREE <b>money</b>!!! Call 555-1234 now, don't wait. a"), ['free', 'money', 'call', 'now', "don't", 'wait']);
  assert.deepEqual(tokenize(''), []);
});

test('a vocabulary ranks words by how many documents use them and reserves padding and unknown', () => {
  const docs = [['spam', 'offer', 'now'], ['offer', 'now'], ['now', 'meeting'], ['meeting', 'rare']];
  const vocab = Vocabulary.build(docs, { maxWords: 10, minDocuments: 2 });
  assert.deepEqual(vocab.words, ['now', 'meeting', 'offer']);
  assert.equal(vocab.size, 5);
  assert.equal(vocab.id('now'), 2);
  assert.equal(vocab.id('rare'), UNKNOWN_ID);
  assert.equal(vocab.word(PAD_ID), '<pad>');
  assert.equal(vocab.word(4), 'offer');
  assert.throws(() => vocab.word(5), /id 5 is outside this vocabulary of 5 ids/);
});

test('maxWords keeps the most frequent words, ties broken alphabetically whatever the input order', () => {
  const a = Vocabulary.build([['b', 'a'], ['a', 'b'], ['c']], { maxWords: 1, minDocuments: 1 });
  const b = Vocabulary.build([['c'], ['b', 'a'], ['b', 'a']], { maxWords: 1, minDocuments: 1 });
  assert.deepEqual(a.words, ['a']);
  assert.deepEqual(b.words, ['a']);
});

test('encoding pads short documents and cuts long ones to a fixed length', () => {
  const vocab = new Vocabulary(['hello', 'world']);
  assert.deepEqual(Array.from(vocab.encode(['hello', 'there', 'world'], 5)), [2, 1, 3, 0, 0]);
  assert.deepEqual(Array.from(vocab.encode(['world', 'world', 'world'], 2)), [3, 3]);
  assert.deepEqual(Array.from(vocab.encodeAll([['hello'], ['world', 'hello']], 2)), [2, 0, 3, 2]);
});
