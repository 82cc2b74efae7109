// Turning text into the integer sequences an Embedding layer reads: a tokeniser, a vocabulary
// built from training text only, and fixed-length encoding with padding. Pure.

/** Lower-cased words of 2..20 letters (apostrophes inside words kept); numbers, markup and noise dropped. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z']{1,19}/g)?.map((w) => w.replace(/'+$/, '')) ?? [];
}

export const PAD_ID = 0;
export const UNKNOWN_ID = 1;

export interface VocabularyOptions {
  /** Keep at most this many words (the most frequent), besides the two reserved ids. */
  maxWords: number;
  /** Drop words seen in fewer than this many documents. Default 2. */
  minDocuments?: number;
}

/**
 * Word ↔ id. Id 0 is padding and id 1 stands for every word not in the vocabulary, so an
 * Embedding layer needs `size` rows. Build it from training text only: words that appear only
 * in test text must look unknown, as they will in real use.
 */
export class Vocabulary {
  private readonly ids: Map<string, number>;

  constructor(readonly words: readonly string[]) {
    this.ids = new Map(words.map((w, i) => [w, i + 2]));
  }

  static build(documents: Iterable<readonly string[]>, options: VocabularyOptions): Vocabulary {
    const minDocuments = options.minDocuments ?? 2;
    const documentCounts = new Map<string, number>();
    for (const tokens of documents) {
      for (const word of new Set(tokens)) documentCounts.set(word, (documentCounts.get(word) ?? 0) + 1);
    }
    const ranked = [...documentCounts]
      .filter(([, n]) => n >= minDocuments)
      // Most frequent first; ties alphabetically so that the vocabulary never depends on input order.
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.maxWords)
      .map(([word]) => word);
    return new Vocabulary(ranked);
  }

  /** Rows an Embedding layer needs: the words plus padding and unknown. */
  get size(): number {
    return this.words.length + 2;
  }

  id(word: string): number {
    return this.ids.get(word) ?? UNKNOWN_ID;
  }

  word(id: number): string {
    if (id === PAD_ID) return '<pad>';
    if (id === UNKNOWN_ID) return '<unknown>';
    const word = this.words[id - 2];
    if (word === undefined) throw new RangeError(`id ${id} is outside this vocabulary of ${this.size} ids`);
    return word;
  }

  /** The first `length` tokens as ids, padded with PAD_ID at the end. */
  encode(tokens: readonly string[], length: number): Int32Array {
    const out = new Int32Array(length);
    for (let i = 0; i < Math.min(length, tokens.length); i++) out[i] = this.id(tokens[i]!);
    return out;
  }

  /** Many documents as one row-major [documents.length × length] array, ready for tf.tensor2d. */
  encodeAll(documents: ReadonlyArray<readonly string[]>, length: number): Int32Array {
    const out = new Int32Array(documents.length * length);
    documents.forEach((tokens, row) => out.set(this.encode(tokens, length), row * length));
    return out;
  }
}
