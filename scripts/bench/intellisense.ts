// How fast the notebook IntelliSense answers on a 100-cell notebook (extension/intellisense):
// completions after `model.` in the last cell, with the program unchanged and right after an edit
// in another cell (what typing does), a hover, and the whole notebook's diagnostics. The same run
// measures a baseline, the service as it was at a git revision (default: the one-file layout that
// came before one file per cell), round by round in turn with today's, so that both see the same
// machine load. The reference is the same completion in a 2-cell notebook. The 100 cells are the
// samples' code cells, in order, repeated.
//   npm run build && npm run bench:intellisense [-- --rounds 20 --baseline <rev> | --baseline none]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseNotebook } from '../../common/format';
import { NotebookService } from '../../extension/intellisense/notebookService';
import { TypesBundle } from '../../extension/intellisense/typesBundle';
import { writeIntellisenseTypes } from '../intellisenseTypes.mjs';

const ROOT = join(__dirname, '..', '..');
/** The last revision with the one-file layout (all cells in one virtual file). */
const ONE_FILE_LAYOUT = '7a4c122';
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, cells: { type: 'string', default: '100' }, baseline: { type: 'string', default: ONE_FILE_LAYOUT } } });
const rounds = Number(values.rounds);
const cellCount = Number(values.cells);

type Service = Pick<NotebookService, 'update' | 'completions' | 'quickInfo' | 'diagnostics'>;
type ServiceClass = new (types: TypesBundle, dir: string, name: string) => Service;

/** The service's source at `rev`, copied under out/ (ignored by git) and loaded from there. */
async function baselineService(rev: string): Promise<ServiceClass> {
  const dir = join(ROOT, 'out', 'bench-baseline', rev.replace(/[^\w.-]/g, '_'), 'extension', 'intellisense');
  mkdirSync(dir, { recursive: true });
  const files = execFileSync('git', ['ls-tree', '--name-only', rev, 'extension/intellisense/'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  for (const file of files) writeFileSync(join(dir, file.split('/').pop()!), execFileSync('git', ['show', `${rev}:${file}`], { cwd: ROOT, encoding: 'utf8' }));
  const loaded: unknown = await import(join(dir, 'notebookService.ts'));
  const Service = typeof loaded === 'object' && loaded !== null && 'NotebookService' in loaded ? loaded.NotebookService : undefined;
  if (typeof Service !== 'function') throw new Error(`${rev}:extension/intellisense/notebookService.ts exports no NotebookService class; pick another --baseline`);
  // The baseline's class has the same constructor and the questions measured here (the run checks the answers).
  return Service as ServiceClass;
}

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
const last = cells.length - 1;
/** The cell typed into: the middle one (cell 51 of 100). */
const middle = Math.floor(cells.length / 2);
const hasFit = (service: Service, cell: number) => {
  const names = service.completions(cell, 'model.'.length, '.')?.entries.map((e) => e.name) ?? [];
  if (!names.includes('fit')) throw new Error(`completions after model. lack fit: ${names.slice(0, 20).join(' ')}`);
};

interface Contender {
  label: string;
  service: Service;
  small: Service;
  cold: number;
  firstDiagnostics: number;
  unchanged: number[];
  afterEdit: number[];
  hover: number[];
  diagnostics: number[];
  reference: number[];
}

async function main() {
  const { out } = writeIntellisenseTypes(join(ROOT, 'dist'));
  const loaded = time(() => TypesBundle.read(out, '/bench/tlnb-types'));
  const types = loaded.value;
  const kinds: Array<{ label: string; Service: ServiceClass }> = [{ label: 'today', Service: NotebookService }];
  if (values.baseline !== 'none') kinds.push({ label: `baseline ${values.baseline}`, Service: await baselineService(values.baseline!) });

  console.log(`notebook IntelliSense: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the start`);
  console.log(`${cells.length} code cells (${lines} lines: the samples' cells repeated), median of ${rounds} rounds, each round today's then the baseline's\n`);
  console.log(`read the types bundle (dist/intellisense-types.json): ${loaded.ms.toFixed(0)} ms`);

  // Cold: what the first completion after opening costs (parsing tfjs, Node and DOM types). Today's
  // goes first, so the baseline's runs with a warmer JIT.
  const contenders: Contender[] = kinds.map(({ label, Service }) => {
    const service = new Service(types, join(ROOT, 'samples'), `bench-${label}.tlnb`);
    service.update(cells);
    const cold = time(() => hasFit(service, last)).ms;
    const firstDiagnostics = time(() => service.diagnostics()).ms;
    const found = service.diagnostics().length;
    if (found > 0) throw new Error(`${label}: ${found} diagnostics in the benchmark notebook`);
    const small = new Service(types, join(ROOT, 'samples'), `small-${label}.tlnb`);
    small.update([MODEL_CELL, 'model.']);
    hasFit(small, 1);
    return { label, service, small, cold, firstDiagnostics, unchanged: [], afterEdit: [], hover: [], diagnostics: [], reference: [] };
  });

  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) {
      c.unchanged.push(time(() => hasFit(c.service, last)).ms);
      // Typing in a cell in the middle: a new program, then the completion.
      const edited = [...cells];
      edited[middle] = `${edited[middle]}\nconst typed${round} = ${round};`;
      c.service.update(edited);
      c.afterEdit.push(time(() => hasFit(c.service, last)).ms);
      c.hover.push(time(() => c.service.quickInfo(0, MODEL_CELL.indexOf('model ='))).ms);
      c.diagnostics.push(time(() => c.service.diagnostics()).ms);
      c.reference.push(time(() => hasFit(c.small, 1)).ms);
    }
  }

  const row = (question: string, pick: (c: Contender) => number[]) =>
    console.log(`| ${question} | ${contenders.map((c) => `${median(pick(c)).toFixed(1)} | ${p95(pick(c)).toFixed(1)}`).join(' | ')} |`);
  console.log(`\nfirst completion after opening (cold: parses every declaration file): ${contenders.map((c) => `${c.label} ${c.cold.toFixed(0)} ms`).join(', ')}`);
  console.log(`first diagnostics of the whole notebook: ${contenders.map((c) => `${c.label} ${c.firstDiagnostics.toFixed(0)} ms`).join(', ')}\n`);
  console.log(`| question, ${cells.length}-cell notebook | ${contenders.map((c) => `${c.label} median ms | p95 ms`).join(' | ')} |`);
  console.log(`| --- | ${contenders.map(() => '--- | ---').join(' | ')} |`);
  row('completion after `model.` in the last cell, program unchanged', (c) => c.unchanged);
  row(`completion right after an edit in cell ${middle + 1} (new program)`, (c) => c.afterEdit);
  row('hover on `model` (after the completion)', (c) => c.hover);
  row('diagnostics of all cells after an edit', (c) => c.diagnostics);
  row('reference: the same completion in a 2-cell notebook', (c) => c.reference);
  const [today] = contenders;
  console.log(`\nload average ${loadavg()[0]!.toFixed(1)} at the end`);
  console.log(`completion after an edit, today: median ${median(today!.afterEdit).toFixed(0)} ms, p95 ${p95(today!.afterEdit).toFixed(0)} ms; goal < 200 ms: median ${median(today!.afterEdit) < 200 ? 'met' : 'MISSED'}, p95 ${p95(today!.afterEdit) < 200 ? 'met' : 'missed'}`);
}

void main();
