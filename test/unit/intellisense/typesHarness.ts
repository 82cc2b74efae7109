// The shipped types bundle for the IntelliSense tests: dist/intellisense-types.json, written first
// if it is missing or older than its inputs (scripts/intellisenseTypes.mjs), served under a root that
// is not on disk, as in the installed extension.

import { join } from 'node:path';
import { writeIntellisenseTypes } from '../../../scripts/intellisenseTypes.mjs';
import { NotebookService } from '../../../extension/intellisense/notebookService';
import { TypesBundle } from '../../../extension/intellisense/typesBundle';
import { ROOT } from '../kernel/kernelHarness';

let bundle: TypesBundle | undefined;

export function typesBundle(): TypesBundle {
  if (!bundle) {
    const { out } = writeIntellisenseTypes(join(ROOT, 'dist'));
    bundle = TypesBundle.read(out, '/nowhere/tlnb-extension/dist/tlnb-types');
  }
  return bundle;
}

/** A service for a notebook of these code cells, in `dir` (a folder that need not exist). */
export function notebookOf(cells: string[], dir = '/nowhere/notebooks'): NotebookService {
  const service = new NotebookService(typesBundle(), dir, 'test.tlnb');
  service.update(cells);
  return service;
}

/** The offset just after the first occurrence of `marker` in `text` (throws if absent). */
export function after(text: string, marker: string): number {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`"${marker}" is not in the cell`);
  return at + marker.length;
}
