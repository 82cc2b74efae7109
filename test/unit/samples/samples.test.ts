// The shipped samples are well-formed: canonical .tlnb text, the chapter's Chinese heading under
// its title, imports only from what the kernel provides, and a final check cell that can fail.
// (Running them is the kernel's `tlnb run`; this file checks what can be checked without it.)
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseNotebook, serializeNotebook } from '../../../common/format';

const dir = join(__dirname, '..', '..', '..', 'samples');
const files = readdirSync(dir).filter((f) => f.endsWith('.tlnb')).sort();
const ALLOWED_IMPORTS = new Set(['@tensorflow/tfjs', 'tlnb', 'node:fs']);

test('there is a welcome notebook and ten chapters, numbered 00 to 10', () => {
  assert.deepEqual(files.map((f) => f.slice(0, 2)), ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10']);
});

for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');

  test(`${file} is stored in canonical form`, () => {
    assert.equal(serializeNotebook(parseNotebook(text)), text);
  });

  test(`${file} opens with its title and the chapter's Chinese heading`, () => {
    const first = parseNotebook(text).cells[0]!;
    assert.equal(first.kind, 'markdown');
    const [title, blank, heading] = first.source.split('\n');
    assert.match(title!, /^# /);
    assert.equal(blank, '');
    assert.match(heading!, /[\u4e00-\u9fff]/, 'the line under the title should carry the chapter\'s original Chinese heading');
  });

  test(`${file} imports only what the kernel provides`, () => {
    const code = parseNotebook(text).cells.filter((c) => c.kind === 'code').map((c) => c.source).join('\n');
    const imported = [...code.matchAll(/^import .* from ['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    assert.ok(imported.length > 0);
    for (const name of imported) assert.ok(ALLOWED_IMPORTS.has(name), `${file} imports "${name}"`);
  });

  test(`${file} ends with a check cell that throws when its claim fails`, () => {
    const cells = parseNotebook(text).cells;
    const last = cells.at(-1)!;
    assert.equal(last.kind, 'code');
    assert.match(last.source, /throw new Error\(/);
    const checkHeading = cells.at(-2)!;
    assert.equal(checkHeading.kind, 'markdown');
    assert.match(checkHeading.source, /## Check/);
  });
}
