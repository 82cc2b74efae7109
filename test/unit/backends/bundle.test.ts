import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

test('bundled like the kernel and run outside the repository, the wasm backend finds its binaries beside the bundle and trains a CNN', async (t) => {
  const outdir = mkdtempSync(join(tmpdir(), 'tlnb-bundle-'));
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  await esbuild.build({
    entryPoints: [join(__dirname, 'fixtures', 'bundledKernel.ts')],
    outfile: join(outdir, 'kernel.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  const { copyRuntimeAssets } = (await import('../../../scripts/runtimeAssets.mjs')) as { copyRuntimeAssets(dir: string): string[] };
  copyRuntimeAssets(outdir);
  assert.ok(existsSync(join(outdir, 'tfjs-backend-wasm-simd.wasm')));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [join(outdir, 'kernel.js'), 'auto'], { cwd: outdir, timeout: 120_000 }, (error, out, err) =>
      out.includes('BUNDLE ') ? resolve(out) : reject(new Error(`${error?.message}: ${err.slice(-2000)}`)));
  });
  const result = JSON.parse(stdout.split('\n').find((l) => l.startsWith('BUNDLE '))!.slice(7)) as {
    error?: string;
    backend?: string;
    loss?: number;
    report?: { active: string; rungs: Array<{ name: string; ok: boolean; detail?: string }> };
  };
  assert.equal(result.error, undefined);
  assert.equal(result.backend, 'wasm');
  assert.equal(result.report!.active, 'wasm');
  assert.match(result.report!.rungs.at(-1)!.detail!, /WebAssembly SIMD/);
  assert.ok(Number.isFinite(result.loss));
});
