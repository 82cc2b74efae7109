// package.json repeats lists the code defines (VS Code reads the manifest without running code):
// the backend setting's enum and the renderer's MIME types must stay equal to the code's lists.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { BACKEND_LADDER } from '../../../common/backends';
import { MIME } from '../../../common/outputs';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8'));

test("tlnb.backend's enum is 'auto' and the ladder, in order, each with a description", () => {
  const setting = manifest.contributes.configuration.properties['tlnb.backend'];
  assert.deepEqual(setting.enum, ['auto', ...BACKEND_LADDER]);
  assert.equal(setting.enumDescriptions.length, setting.enum.length);
});

test("the renderer's mimeTypes are exactly common/outputs.ts's MIME types", () => {
  const [renderer] = manifest.contributes.notebookRenderer;
  assert.deepEqual([...renderer.mimeTypes].sort(), Object.values(MIME).sort());
});
