// esbuild is a native program with a JavaScript API; it cannot be bundled into the kernel.
// The build copies the API (lib/main.js) and this platform's binary into dist/esbuild/
// (scripts/build.mjs), so an installed extension, which has no node_modules, still finds it.
// Running from the repository, the `esbuild` package in node_modules is used.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

type Esbuild = typeof import('esbuild');

let loaded: Esbuild | undefined;

export function loadEsbuild(): Esbuild {
  if (loaded) return loaded;
  const shipped = join(__dirname, 'esbuild');
  const binary = join(shipped, 'bin', process.platform === 'win32' ? 'esbuild.exe' : 'esbuild');
  if (existsSync(join(shipped, 'main.js')) && existsSync(binary)) {
    process.env.ESBUILD_BINARY_PATH ??= binary;
    loaded = require(join(shipped, 'main.js')) as Esbuild;
  } else {
    loaded = require('esbuild') as Esbuild;
  }
  return loaded;
}
