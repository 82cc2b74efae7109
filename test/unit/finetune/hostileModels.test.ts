// Hostile model files (issue 12, items 1 and 2): a model.json whose weightsManifest points outside
// its folder (../, absolute, a link), at a device, at a file of the wrong size, or whose topology
// claims more weights than the manifest holds. Each is refused before anything is read or
// allocated, naming the path as written in model.json; the files are left byte for byte as they were.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { loadBaseModel } from '../../../lib/finetune/model/baseModel';
import { FinetuneError } from '../../../lib/finetune/errors';
import { fileModelIO } from '../../../lib/models/fileModelIO';
import { hashFolder, saveMlp, tempDir, writeFile } from './fixtures';

const root = tempDir('hostile-models');

/** A saved 4-8-3 MLP whose model.json is rewritten by `edit`; returns the model folder. */
async function hostileModel(name: string, edit: (json: { modelTopology: any; weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }> }, folder: string) => void): Promise<string> {
  const folder = await saveMlp(join(root, name, 'model'), [4], 8, 3);
  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
  edit(json, folder);
  writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
  return folder;
}

const WEIGHT_BYTES = (4 * 8 + 8 + 8 * 3 + 3) * 4;

async function refusal(folder: string): Promise<FinetuneError> {
  const error = await loadBaseModel(folder).then(
    () => assert.fail('the model loaded'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof FinetuneError, String(error));
  return error;
}

test('a weights path with ../ that leaves the model folder is refused, naming the path as written, and the file outside is not read', async () => {
  // A "secret" of exactly the size the manifest needs: the old loader read it as the weights and succeeded.
  const secret = writeFile(join(root, 'traversal', 'secret.bin'), new Uint8Array(WEIGHT_BYTES).fill(7));
  const folder = await hostileModel('traversal', (json) => {
    json.weightsManifest[0]!.paths = ['../secret.bin'];
  });
  const before = hashFolder(join(root, 'traversal'));
  const error = await refusal(folder);
  assert.equal(error.problem, 'model-load');
  assert.match(error.message, /weightsManifest lists the weights file "\.\.\/secret\.bin", which is outside the model's folder/);
  assert.match(error.message, /how to fix: keep the weights files beside model\.json/);
  // The library's own handler (file:// in a cell goes through it) refuses it too.
  await assert.rejects(tf.loadLayersModel(fileModelIO(folder)), /"\.\.\/secret\.bin", which is outside the model's folder/);
  assert.deepEqual(hashFolder(join(root, 'traversal')), before);
  assert.ok(readFileSync(secret).every((b) => b === 7));
});

test('absolute weights paths (/etc/passwd, /dev/zero) are refused before anything is read', async () => {
  for (const path of ['/etc/passwd', '/dev/zero', '../../../../../../../../etc/passwd']) {
    const folder = await hostileModel(`absolute-${path.length}`, (json) => {
      json.weightsManifest[0]!.paths = [path];
    });
    const error = await refusal(folder);
    assert.match(error.message, new RegExp(`the weights file "${path.replace(/[./]/g, '\\$&')}", which is outside the model's folder`));
  }
});

test('a weights file that is a link out of the model folder is refused, with where it leads', async () => {
  writeFile(join(root, 'link', 'outside.bin'), new Uint8Array(WEIGHT_BYTES));
  const folder = await hostileModel('link', () => {});
  // weights.bin becomes a link to a file of the right size outside the folder.
  rmSync(join(folder, 'weights.bin'));
  symlinkSync(join(root, 'link', 'outside.bin'), join(folder, 'weights.bin'));
  const error = await refusal(folder);
  assert.match(error.message, /"\.\/weights\.bin", which is outside the model's folder .* \(it leads to .*outside\.bin\)/);

  const zero = await hostileModel('link-zero', () => {});
  rmSync(join(zero, 'weights.bin'));
  symlinkSync('/dev/zero', join(zero, 'weights.bin'));
  assert.match((await refusal(zero)).message, /"\.\/weights\.bin", which is outside the model's folder .*\(it leads to \/dev\/zero\)/);
});

test('a link that stays inside the model folder is followed', async () => {
  const folder = await hostileModel('inner-link', (json) => {
    json.weightsManifest[0]!.paths = ['./shard.bin'];
  });
  symlinkSync('weights.bin', join(folder, 'shard.bin'));
  const base = await loadBaseModel(folder);
  assert.equal(base.outputUnits, 3);
  base.model.dispose();
});

test('a weights file larger than the manifest describes is refused on its size, naming that file, without reading it', async () => {
  const folder = await hostileModel('sparse', () => {});
  // 8 GB that take no disk (sparse): reading it whole, as before, takes 8 GB of memory or fails late.
  truncateSync(join(folder, 'weights.bin'), 8 * 1024 ** 3);
  const rss = process.memoryUsage().rss;
  const error = await refusal(folder);
  assert.match(error.message, new RegExp(`^${join(folder, 'weights.bin').replace(/[./]/g, '\\$&')}: the weights file has 8589934592 bytes but model\\.json describes ${WEIGHT_BYTES}`));
  assert.ok(process.memoryUsage().rss - rss < 256 * 1024 ** 2, 'no large allocation');
});

test('a manifest that describes more weights than the memory budget is refused with both numbers', async () => {
  const folder = await hostileModel('budget', (json) => {
    json.weightsManifest[0]!.weights[0]!.shape = [4, 100_000_000];
  });
  const error = await refusal(folder);
  assert.match(error.message, /the weights model\.json describes take 1\.6 GB, more than the memory budget of 256 MiB \(TLNB_MEMORY_BUDGET_MB\); nothing was read/);
  process.env.TLNB_MEMORY_BUDGET_MB = 'lots';
  try {
    await assert.rejects(loadBaseModel(folder), /TLNB_MEMORY_BUDGET_MB must be a whole number of MiB/);
  } finally {
    delete process.env.TLNB_MEMORY_BUDGET_MB;
  }
});

test('a topology that claims 400,000 units is refused before tfjs allocates its weights', async () => {
  const folder = await hostileModel('units', (json) => {
    const layers = json.modelTopology.config.layers as Array<{ config: { name: string; units?: number } }>;
    layers.find((l) => l.config.name === 'hidden')!.config.units = 400_000;
  });
  const arrayBuffers = process.memoryUsage().arrayBuffers;
  const error = await refusal(folder);
  assert.match(error.message, /the topology's layer "hidden" needs a weight "kernel" of shape \[4, 400000\], which takes the model to 1,600,000 weight values, but the weightsManifest holds 67; nothing of that size was allocated/);
  assert.ok(process.memoryUsage().arrayBuffers - arrayBuffers < 64 * 1024 ** 2);
  // The limit is lifted afterwards: an ordinary model still builds.
  const ok = await loadBaseModel(await saveMlp(join(root, 'after', 'model'), [4], 8, 3));
  ok.model.dispose();
});
