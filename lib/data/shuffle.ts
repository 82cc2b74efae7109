// Seeded randomness and splits, so that a notebook run twice picks the same examples.
// Pure: index arrays in, index arrays out; the caller gathers rows with tf.gather.

/** A small, fast, well-mixed 32-bit generator (mulberry32); returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The numbers 0..n-1 in an order fixed by `seed` (Fisher–Yates). */
export function shuffledIndices(n: number, seed: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`shuffledIndices needs a count of 0 or more, not ${n}`);
  return shuffle(Array.from({ length: n }, (_, i) => i), seed);
}

/** A shuffled copy of `items`, in an order fixed by `seed`. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface IndexSplit {
  train: number[];
  test: number[];
}

/**
 * Splits 0..n-1 into disjoint train and test index lists after a seeded shuffle.
 * `testFraction` of the examples (rounded) go to test; both parts keep at least one example.
 */
export function trainTestSplit(n: number, testFraction: number, seed: number): IndexSplit {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must lie strictly between 0 and 1, not ${testFraction}`);
  if (n < 2) throw new RangeError(`a split needs at least 2 examples, not ${n}`);
  const order = shuffledIndices(n, seed);
  const testCount = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  return { test: order.slice(0, testCount), train: order.slice(testCount) };
}

/**
 * Splits indices so that every label keeps its share in both parts (a stratified split);
 * useful when one class is rare and a plain split could leave it out of the test part.
 */
export function stratifiedSplit(labels: ArrayLike<number | string | boolean>, testFraction: number, seed: number): IndexSplit {
  const byLabel = new Map<number | string | boolean, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const group = byLabel.get(labels[i]!) ?? [];
    group.push(i);
    byLabel.set(labels[i]!, group);
  }
  const train: number[] = [];
  const test: number[] = [];
  let salt = 0;
  for (const group of byLabel.values()) {
    const shuffled = shuffle(group, seed + salt++);
    const testCount = group.length < 2 ? 0 : Math.min(group.length - 1, Math.max(1, Math.round(group.length * testFraction)));
    test.push(...shuffled.slice(0, testCount));
    train.push(...shuffled.slice(testCount));
  }
  return { train: shuffle(train, seed + salt++), test: shuffle(test, seed + salt) };
}
