// How fast the notebook IntelliSense answers on a 100-cell notebook (extension/intellisense):
// completions after `model.` in the last cell, with the program unchanged and right after an edit
// in another cell (what typing does), a hover, and the whole notebook's diagnostics (which run in
// the extension host after each pause in typing). The reference, in the same run, is the same
// completion in a 2-cell notebook. The 100 cells are the samples' code cells, in order, repeated.
//   npm run build && npm run bench:intellisense [-- --rounds 20]
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseNotebook } from '../../common/format';
import { NotebookService } from '../../extension/intellisense/notebookService';
import { TypesBundle } from '../../extension/intellisense/typesBundle';
import { writeIntellisenseTypes } from '../intellisenseTypes.mjs';

const ROOT = join(__dirname, '..', '..');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, cells: { type: 'string', default: '100' } } });
const rounds = Number(values.rounds);
const cellCount = Number(values.cells);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

const sampleCells = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.tlnb'))
  .sort()
  .flatMap((f) => parseNotebook(readFileSync(join(ROOT, 'samples', f), 'utf8')).cells.filter((c) => c.kind === 'code' && c.language === 'typescript').map((c) => c.source));
const MODEL_CELL = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();";
const cells = [MODEL_CELL, ...Array.from({ length: cellCount - 2 }, (_, i) => sampleCells[i % sampleCells.length]!), 'model.'];
const lines = cells.reduce((n, c) => n + c.split('\n').length, 0);

const { out } = writeIntellisenseTypes(join(ROOT, 'dist'));
const loaded = time(() => TypesBundle.read(out, '/bench/tlnb-types'));
const types = loaded.value;
const last = cells.length - 1;
const hasFit = (service: NotebookService, cell: number) => {
  const names = service.completions(cell, 'model.'.length, '.')?.entries.map((e) => e.name) ?? [];
  if (!names.includes('fit')) throw new Error(`completions after model. lack fit: ${names.slice(0, 20).join(' ')}`);
};

console.log(`notebook IntelliSense: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`${cells.length} code cells (${lines} lines: the samples' cells repeated), median of ${rounds} rounds\n`);
console.log(`read the types bundle (dist/intellisense-types.json): ${loaded.ms.toFixed(0)} ms`);

// Cold: what the first completion after opening a notebook costs (parsing tfjs, Node and DOM types).
const service = new NotebookService(types, join(ROOT, 'samples'), 'bench.tlnb');
service.update(cells);
console.log(`first completion after opening (cold: parses every declaration file): ${time(() => hasFit(service, last)).ms.toFixed(0)} ms`);
console.log(`first diagnostics of the whole notebook: ${time(() => service.diagnostics()).ms.toFixed(0)} ms (${service.diagnostics().length} diagnostics)\n`);

const small = new NotebookService(types, join(ROOT, 'samples'), 'small.tlnb');
small.update([MODEL_CELL, 'model.']);
hasFit(small, 1);

const unchanged: number[] = [];
const afterEdit: number[] = [];
const reference: number[] = [];
const hover: number[] = [];
const diagnostics: number[] = [];
for (let round = 0; round < rounds; round++) {
  unchanged.push(time(() => hasFit(service, last)).ms);
  // Typing in a cell in the middle: a new program, then the completion.
  const edited = [...cells];
  edited[50] = `${edited[50]}\nconst typed${round} = ${round};`;
  service.update(edited);
  afterEdit.push(time(() => hasFit(service, last)).ms);
  hover.push(time(() => service.quickInfo(0, MODEL_CELL.indexOf('model ='))).ms);
  diagnostics.push(time(() => service.diagnostics()).ms);
  reference.push(time(() => hasFit(small, 1)).ms);
}

console.log('| question, 100-cell notebook | median ms | p95 ms |');
console.log('| --- | --- | --- |');
console.log(`| completion after \`model.\` in the last cell, program unchanged | ${median(unchanged).toFixed(1)} | ${p95(unchanged).toFixed(1)} |`);
console.log(`| completion right after an edit in cell 51 (new program) | ${median(afterEdit).toFixed(1)} | ${p95(afterEdit).toFixed(1)} |`);
console.log(`| hover on \`model\` (after the completion) | ${median(hover).toFixed(1)} | ${p95(hover).toFixed(1)} |`);
console.log(`| diagnostics of all cells after an edit | ${median(diagnostics).toFixed(1)} | ${p95(diagnostics).toFixed(1)} |`);
console.log(`| reference: the same completion in a 2-cell notebook | ${median(reference).toFixed(1)} | ${p95(reference).toFixed(1)} |`);
console.log(`\ncompletion after an edit: ${(median(afterEdit) / median(reference)).toFixed(1)}× the 2-cell notebook; goal < 200 ms: ${median(afterEdit) < 200 ? 'met' : 'MISSED'} (p95 ${p95(afterEdit) < 200 ? 'met' : 'missed'})`);
