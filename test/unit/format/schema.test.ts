// docs/tlnb.schema.json and the reader must agree: what one accepts the other accepts.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { parseNotebook, serializeNotebook } from '../../../common/format';
import { BAD_NOTEBOOKS } from '../../fixtures/badNotebooks';

const repo = join(import.meta.dirname, '../../..');
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(join(repo, 'docs/tlnb.schema.json'), 'utf8')));

test('the schema accepts every shipped sample and everything the writer produces', () => {
  for (const file of readdirSync(join(repo, 'samples')).filter((f) => f.endsWith('.tlnb'))) {
    const text = readFileSync(join(repo, 'samples', file), 'utf8');
    assert.ok(validate(JSON.parse(text)), `${file}: ${JSON.stringify(validate.errors)}`);
    assert.ok(validate(JSON.parse(serializeNotebook(parseNotebook(text)))));
  }
});

test('the schema refuses the bad files the reader refuses (those that are valid JSON)', () => {
  for (const bad of BAD_NOTEBOOKS) {
    if (bad.bytes || bad.beyondSchema) continue;
    let value: unknown;
    try {
      value = JSON.parse(bad.text);
    } catch {
      continue; // a JSON syntax error: no schema is involved
    }
    assert.equal(validate(value), false, `${bad.name} should fail the schema`);
  }
});
