// TLNB_SAMPLE_SCALE, the testing-only reduced-data mode of tlnb's data loaders (lib/data/sampleScale.ts)
// that the GPU tests use to run the slow chapters on SwiftShader: what is kept, what is not, and
// that nothing changes without it.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { readMnist } from '../../../lib/data/mnist';
import { MIN_EXAMPLES, SAMPLE_SCALE_VARIABLE, sampleScale, scaledCount } from '../../../lib/data/sampleScale';
import { loadSpamAssassin } from '../../../lib/data/spamAssassin';

afterEach(() => {
  delete process.env[SAMPLE_SCALE_VARIABLE];
});

/** Runs `f` with TLNB_SAMPLE_SCALE set and stderr captured. */
function scaled<T>(value: string, f: () => T): { result: T; stderr: string } {
  process.env[SAMPLE_SCALE_VARIABLE] = value;
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { result: f(), stderr };
  } finally {
    process.stderr.write = write;
    delete process.env[SAMPLE_SCALE_VARIABLE];
  }
}

test('unset or 1, the loaders return every example asked for', () => {
  assert.equal(sampleScale({}), 1);
  assert.equal(scaledCount(10000, {}), 10000);
  assert.equal(scaledCount(10000, { [SAMPLE_SCALE_VARIABLE]: '1' }), 10000);
  assert.equal(readMnist({ split: 'test', count: 1000 }).count, 1000);
});

test('a fraction keeps round(n × f) examples, never fewer than the floor, and small sets whole', () => {
  const env = { [SAMPLE_SCALE_VARIABLE]: '0.2' };
  assert.equal(scaledCount(10000, env), 2000);
  assert.equal(scaledCount(300, env), MIN_EXAMPLES);
  assert.equal(scaledCount(MIN_EXAMPLES, env), MIN_EXAMPLES);
  assert.equal(scaledCount(40, env), 40);
});

test('a value that is not a fraction in (0, 1] is refused with the variable named', () => {
  for (const bad of ['0', '-0.5', '2', 'half', 'NaN']) {
    assert.throws(() => sampleScale({ [SAMPLE_SCALE_VARIABLE]: bad }), (error: Error) => error.message.includes(`TLNB_SAMPLE_SCALE=${JSON.stringify(bad)}`) && /unset it/.test(error.message));
  }
});

test('readMnist keeps the first examples in file order, so slices taken with skip stay disjoint, and says so on stderr', () => {
  const full = readMnist({ split: 'train', skip: 1000, count: 1000 });
  const { result, stderr } = scaled('0.25', () => readMnist({ split: 'train', skip: 1000, count: 1000 }));
  assert.equal(result.count, 250);
  assert.deepEqual(Array.from(result.indices), Array.from(full.indices.slice(0, 250)));
  const first = scaled('0.25', () => readMnist({ split: 'train', count: 1000 })).result;
  assert.ok(Math.max(...first.indices) < Math.min(...result.indices), 'the reduced slices do not overlap');
  assert.match(stderr, /MNIST \(train split, digits 0,1,2,3,4,5,6,7,8,9, skip 1000\) returns 250 of 1000 examples because TLNB_SAMPLE_SCALE=0\.25/);
  const whole = scaled('0.1', () => readMnist({ split: 'test', digits: [3] })).result;
  assert.equal(whole.count, Math.round(1010 * 0.1), 'the whole split (1010 threes) is reduced too');
});

test('loadSpamAssassin reduces each group on its own, keeping the spam/ham mix', () => {
  const full = loadSpamAssassin();
  const { result, stderr } = scaled('0.5', () => loadSpamAssassin());
  const byGroup = (emails: typeof full) => emails.reduce<Record<string, number>>((counts, e) => ({ ...counts, [e.group]: (counts[e.group] ?? 0) + 1 }), {});
  const before = byGroup(full);
  const after = byGroup(result);
  for (const [group, n] of Object.entries(before)) assert.equal(after[group], Math.max(MIN_EXAMPLES, Math.round(n * 0.5)), group);
  assert.match(stderr, /SpamAssassin \(group spam-1\) returns 250 of 500 examples because TLNB_SAMPLE_SCALE=0\.5/);
});
