// Where the datasets' files are. An installed extension carries no node_modules, so the build
// writes a compressed copy of each dataset into dist/data/ (lib/data/bundledData.ts); the npm
// package still wins when Node can find it (a development checkout, or a notebook folder with its
// own `npm install`), so that what a user installed is what a notebook reads.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder dist/data/ is written to, relative to dist/ (scripts/build.mjs). */
export const BUNDLED_DATA_FOLDER = 'data';

/**
 * The root folder of an installed npm package, looked up from the notebook's folder (the kernel's
 * working directory) and then from tlnb itself; undefined when neither finds it.
 */
export function installedPackageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`, { paths: [process.cwd(), __dirname] }));
  } catch {
    return undefined;
  }
}

/**
 * `dist/data/<folder>` when it holds `marker`: beside the bundle (dist/kernel.js and dist/cli.js
 * are where __dirname points once bundled, as for the .wasm files in kernel/backends), or the
 * built copy in this checkout when running from sources (tests via tsx). Undefined otherwise.
 */
export function bundledDataDir(folder: string, marker: string): string | undefined {
  const candidates = [join(__dirname, BUNDLED_DATA_FOLDER, folder), join(__dirname, '..', '..', 'dist', BUNDLED_DATA_FOLDER, folder)];
  return candidates.find((dir) => existsSync(join(dir, marker)));
}
