// TypeScript's older decorator semantics (experimentalDecorators), which much existing code uses,
// are picked up from the cell, from parameter decorators, or from the notebook's tsconfig.json.
// (Standard decorators are tested in replSemantics.test.ts.)

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { KernelClient } from '../../../common/node/kernelClient';
import { plain, run, startKernel, tempDir } from './kernelHarness';

async function value(kernel: KernelClient, code: string): Promise<string | undefined> {
  const r = await run(kernel, code);
  assert.equal(r.result.status, 'ok', r.result.error?.stack);
  return plain(r);
}

test('a cell written with the older decorator types runs with those semantics, and later cells keep them', async () => {
  const kernel = await startKernel();
  try {
    await value(
      kernel,
      `function enumerable(value: boolean) {
  return function (target: any, propertyKey: string, descriptor: PropertyDescriptor) {
    descriptor.enumerable = value;
  };
}
class Greeter {
  @enumerable(true)
  greet() { return 'hi'; }
}`,
    );
    assert.equal(await value(kernel, "Object.getOwnPropertyDescriptor(Greeter.prototype, 'greet')!.enumerable"), 'true');
    // A later cell applies the decorator without naming any decorator type.
    await value(kernel, 'class Other {\n  @enumerable(true) run() { return 1; }\n}');
    assert.equal(await value(kernel, "Object.getOwnPropertyDescriptor(Other.prototype, 'run')!.enumerable"), 'true');
  } finally {
    await kernel.shutdown();
  }
});

test('parameter decorators switch to the older semantics', async () => {
  const kernel = await startKernel();
  try {
    await value(kernel, "const seen: Array<[string, number]> = [];\nfunction log(target: object, key: string | undefined, index: number) { seen.push([String(key), index]); }\nclass Service { constructor(@log a: number, @log b: string) {} }");
    assert.equal(await value(kernel, 'seen'), "[ [ 'undefined', 1 ], [ 'undefined', 0 ] ]");
  } finally {
    await kernel.shutdown();
  }
});

test("the notebook folder's tsconfig.json can ask for experimentalDecorators", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'tsconfig.json'), '{\n  // comments are allowed\n  "compilerOptions": { "experimentalDecorators": true }\n}\n');
  const kernel = await startKernel(dir);
  try {
    await value(kernel, 'function frozen(target: any, key: string, d: any) { d.writable = false; }\nclass C { @frozen m() { return 1; } }');
    assert.equal(await value(kernel, "Object.getOwnPropertyDescriptor(C.prototype, 'm')!.writable"), 'false');
  } finally {
    await kernel.shutdown();
  }
});
