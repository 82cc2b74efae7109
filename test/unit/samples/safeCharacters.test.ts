// Every character tlnb shows must have a glyph in an ordinary text font: a machine without an emoji
// font draws an emoji (✅, 🎉, ⚠️) as an empty box. Checked over what reaches a person: the shipped
// samples (cell sources and saved outputs), the walkthrough pages VS Code renders, and the source of
// every part that prints or draws text (library, kernel, command line, extension, renderer, common).
// Marks such as ✓ (U+2713), ✗, →, ≈ have no emoji presentation and are in common fonts.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const repo = join(import.meta.dirname, '..', '..', '..');

/**
 * Characters drawn as a colour emoji by default (Unicode's Emoji_Presentation), and the variation
 * selector U+FE0F that turns a text symbol such as ⚠ or ✔ into one.
 */
const EMOJI = /[\p{Emoji_Presentation}\uFE0F]/gu;

/** Each offending character of a text, with its line number and code point. */
export function emojiIn(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(EMOJI)) found.push(`line ${i + 1}: ${match[0]} (U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
  });
  return found;
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

test('the emoji check finds emoji and variation selectors, and passes the plain marks', () => {
  assert.deepEqual(emojiIn('a\n✅ done'), ['line 2: ✅ (U+2705)']);
  assert.deepEqual(emojiIn('⚠\uFE0F careful').length, 1);
  assert.deepEqual(emojiIn('🎉'), ['line 1: 🎉 (U+1F389)']);
  assert.deepEqual(emojiIn('✓ passed ✗ failed → ≈ ∇ − ↔ 预训练'), []);
});

const shipped = [
  ...files(join(repo, 'samples'), /\.tlnb$/),
  ...files(join(repo, 'docs', 'walkthrough'), /\.md$/),
  ...['lib', 'kernel', 'cli', 'extension', 'renderer', 'common'].flatMap((dir) => files(join(repo, dir), /\.(ts|mts|css|html)$/)),
];

test('the shipped samples and the source of what tlnb prints or draws use no emoji', () => {
  assert.ok(shipped.length > 100, `checked ${shipped.length} files`);
  const problems = shipped.flatMap((file) => emojiIn(readFileSync(file, 'utf8')).map((where) => `${relative(repo, file)} ${where}`));
  assert.deepEqual(problems, [], 'an emoji shows as an empty box without an emoji font: use ✓ (U+2713), ✗, or words');
});
