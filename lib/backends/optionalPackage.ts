// Finds packages the user installs next to a notebook (tfjs-node-gpu, tfjs-node, webgpu):
// Node's own resolution from each search folder in order, so a package in the notebook's
// folder or any parent's node_modules is found, as `require` from a file there would.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The folder of `name` (the one holding its package.json), or undefined. */
export function findPackageDir(name: string, searchPaths: readonly string[]): string | undefined {
  for (const folder of searchPaths) {
    try {
      return dirname(createRequire(join(folder, 'noop.js')).resolve(`${name}/package.json`));
    } catch {
      // not there; try the next folder
    }
  }
  return undefined;
}

/** The folders tried for optional packages: the request's, then the kernel's own install. */
export function packageSearchPaths(requested: readonly string[]): string[] {
  return [...requested, __dirname];
}
