// package.json repeats lists the code defines (VS Code reads the manifest without running code):
// the backend setting's enum and the renderer's MIME types must stay equal to the code's lists.
// Merges can also add a second copy of a key (two `menus.commandPalette` lists): VS Code, like
// JSON.parse, keeps the last and silently drops the first, so no object may repeat a key.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseTree, type Node } from 'jsonc-parser';
import { BACKEND_LADDER } from '../../../common/backends';
import { MIME } from '../../../common/outputs';

const manifestText = readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8');
const manifest = JSON.parse(manifestText);

test("tlnb.backend's enum is 'auto' and the ladder, in order, each with a description", () => {
  const setting = manifest.contributes.configuration.properties['tlnb.backend'];
  assert.deepEqual(setting.enum, ['auto', ...BACKEND_LADDER]);
  assert.equal(setting.enumDescriptions.length, setting.enum.length);
});

test("the renderer's mimeTypes are exactly common/outputs.ts's MIME types", () => {
  const [renderer] = manifest.contributes.notebookRenderer;
  assert.deepEqual([...renderer.mimeTypes].sort(), Object.values(MIME).sort());
});

test('no object in package.json repeats a key (the later copy would replace the earlier)', () => {
  const repeated: string[] = [];
  const visit = (node: Node, path: string): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        const name = String(key?.value);
        if (seen.has(name)) repeated.push(`${path}.${name}`);
        seen.add(name);
        if (value) visit(value, `${path}.${name}`);
      }
    } else if (node.type === 'array') (node.children ?? []).forEach((child, i) => visit(child, `${path}[${i}]`));
  };
  visit(parseTree(manifestText)!, 'package.json');
  assert.deepEqual(repeated, []);
});
