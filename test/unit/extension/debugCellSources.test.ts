// Debug Cell's rewriting of Debug Adapter Protocol messages (extension/debug/cellSources.ts):
// VS Code's cell URIs become the paths the cells' source maps name, and back, with "Cell N" names.

import assert from 'node:assert/strict';
import { isAbsolute } from 'node:path';
import { test } from 'node:test';
import { debugSourcePath, rewriteToAdapter, rewriteToEditor, type CellSourceLookup } from '../../../extension/debug/cellSources';

const CELL_1 = 'vscode-notebook-cell:/work/train.tlnb#W0sZmlsZQ%3D%3D';
const CELL_2 = 'vscode-notebook-cell:/work/train.tlnb#W1sZmlsZQ%3D%3D';
const cells = [CELL_1, CELL_2];
const lookup: CellSourceLookup = {
  pathForCell: (uri) => (cells.includes(uri) ? debugSourcePath(uri, 'train.tlnb') : undefined),
  cellForPath: (path) => {
    const index = cells.findIndex((uri) => debugSourcePath(uri, 'train.tlnb') === path);
    return index === -1 ? undefined : { uri: cells[index]!, name: `Cell ${index + 1}` };
  },
};

test('each cell has its own stable, absolute debug path named after the notebook', () => {
  const path = debugSourcePath(CELL_1, 'train.tlnb');
  assert.equal(path, debugSourcePath(CELL_1, 'train.tlnb'));
  assert.notEqual(path, debugSourcePath(CELL_2, 'train.tlnb'));
  assert.ok(isAbsolute(path));
  assert.match(path, /train-cell-[0-9a-f]{12}\.ts$/);
  assert.match(debugSourcePath(CELL_1, 'my notebook (1).tlnb'), /my_notebook_1_-cell-/);
});

test('breakpoints VS Code sets in a cell reach the debugger at the cell\'s debug path; other files pass unchanged', () => {
  const request = { type: 'request', command: 'setBreakpoints', arguments: { source: { name: 'train.tlnb', path: CELL_2 }, breakpoints: [{ line: 2 }] } };
  rewriteToAdapter(request, lookup);
  assert.deepEqual(request.arguments, { source: { name: 'train.tlnb', path: debugSourcePath(CELL_2, 'train.tlnb') }, breakpoints: [{ line: 2 }] });
  const other = { type: 'request', command: 'setBreakpoints', arguments: { source: { path: '/work/util.ts' }, breakpoints: [{ line: 1 }] } };
  rewriteToAdapter(other, lookup);
  assert.equal(other.arguments.source.path, '/work/util.ts');
});

test('stack frames, breakpoints and loaded sources at a debug path come back as the cell, named "Cell N", opened from the notebook', () => {
  const path2 = debugSourcePath(CELL_2, 'train.tlnb');
  const stackTrace = {
    type: 'response',
    command: 'stackTrace',
    success: true,
    body: {
      stackFrames: [
        { id: 1, name: 'double', line: 2, column: 3, source: { name: 'train-cell.ts', path: path2, sourceReference: 7 } },
        { id: 2, name: '<anonymous>', line: 5, column: 1, source: { name: 'x', path: '/work/util.js', sourceReference: 0 } },
        { id: 3, name: 'native', line: 0, column: 0 },
      ],
    },
  };
  rewriteToEditor(stackTrace, lookup);
  assert.deepEqual(stackTrace.body.stackFrames[0]!.source, { name: 'Cell 2', path: CELL_2 });
  assert.deepEqual(stackTrace.body.stackFrames[1]!.source, { name: 'x', path: '/work/util.js', sourceReference: 0 });

  const breakpoints = { type: 'response', command: 'setBreakpoints', success: true, body: { breakpoints: [{ verified: true, line: 2, source: { path: path2 } }] } };
  rewriteToEditor(breakpoints, lookup);
  assert.deepEqual(breakpoints.body.breakpoints[0]!.source, { name: 'Cell 2', path: CELL_2 });

  const event = { type: 'event', event: 'loadedSource', body: { reason: 'new', source: { path: debugSourcePath(CELL_1, 'train.tlnb'), sourceReference: 3 } } };
  rewriteToEditor(event, lookup);
  assert.deepEqual(event.body.source, { name: 'Cell 1', path: CELL_1 });

  const failed = { type: 'response', command: 'stackTrace', success: false, body: { error: { id: 1 } } };
  rewriteToEditor(failed, lookup);
  assert.deepEqual(failed.body, { error: { id: 1 } });
});
