// How long the loaders take to read the datasets from the npm packages (raw files, the reference)
// and from the gzip-compressed copies the build bundles into dist/data/ (what an installed
// extension reads). Each figure is a cold load in a fresh process (the loaders cache for the life
// of a process), in alternating order (package, bundled, package, …) so drift hits both; then the
// cost of a second, cached load in one process.
//   npm run build && npm run bench:data [-- --rounds 5]
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readIdxFile } from '../../lib/data/idx';
import { MNIST_FILES, mnistDataDir, readMnist } from '../../lib/data/mnist';
import { loadSpamAssassin, spamAssassinDataDir } from '../../lib/data/spamAssassin';

const bundled = join(__dirname, '..', '..', 'dist', 'data');
const sources = {
  package: { mnist: () => mnistDataDir(), spam: () => spamAssassinDataDir() },
  bundled: { mnist: () => join(bundled, 'mnist'), spam: () => join(bundled, 'spam-assassin') },
};
type Source = keyof typeof sources;
type Task = 'idx' | 'mnist' | 'spam';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, child: { type: 'string' }, source: { type: 'string' } } });

/** One load in this process: wall and CPU (user + system) milliseconds. CPU time is the steadier figure on a shared machine. */
function load(task: Task, source: Source): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (task === 'idx') {
    const dir = sources[source].mnist();
    readIdxFile(join(dir, MNIST_FILES.train.images + (source === 'bundled' ? '.gz' : '')));
  } else if (task === 'mnist') {
    if (readMnist({ split: 'train', dir: sources[source].mnist() }).count !== 60000) throw new Error('expected 60,000 training images');
  } else if (loadSpamAssassin({ dir: sources[source].spam() }).length !== 6046) {
    throw new Error('expected 6,046 e-mails');
  }
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

function coldLoad(task: Task, source: Source): { wall: number; cpu: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', task, '--source', source], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${task} from ${source} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as { wall: number; cpu: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (values.child) {
  console.log(JSON.stringify(load(values.child as Task, values.source as Source)));
} else {
  const rounds = Number(values.rounds);
  console.log(`data loading: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, median of ${rounds} cold loads each (fresh process), alternating\n`);
  const tasks: Array<[Task, string]> = [
    ['idx', 'decode train-images (47 MB of pixels) with readIdxFile'],
    ['mnist', 'readMnist({ split: "train" }): 60,000 images as 0..1 floats'],
    ['spam', 'loadSpamAssassin(): 6,046 e-mails'],
  ];
  console.log('| load | package ms (wall / CPU) | bundled ms (wall / CPU) | bundled / package (wall / CPU) |');
  console.log('| --- | --- | --- | --- |');
  for (const [task, what] of tasks) {
    const runs: Record<Source, Array<{ wall: number; cpu: number }>> = { package: [], bundled: [] };
    for (let r = 0; r < rounds; r++) {
      for (const source of (r % 2 === 0 ? ['package', 'bundled'] : ['bundled', 'package']) as Source[]) runs[source].push(coldLoad(task, source));
    }
    const m = (source: Source, clock: 'wall' | 'cpu') => median(runs[source].map((run) => run[clock]));
    const cell = (source: Source) => `${m(source, 'wall').toFixed(0)} / ${m(source, 'cpu').toFixed(0)}`;
    console.log(`| ${what} | ${cell('package')} | ${cell('bundled')} | ${(m('bundled', 'wall') / m('package', 'wall')).toFixed(2)} / ${(m('bundled', 'cpu') / m('package', 'cpu')).toFixed(2)} |`);
  }
  // A second load in the same process reads the cache, whichever the source.
  load('mnist', 'bundled');
  load('spam', 'bundled');
  console.log(`\ncached second load in one process: readMnist train ${load('mnist', 'bundled').wall.toFixed(0)} ms, loadSpamAssassin ${load('spam', 'bundled').wall.toFixed(0)} ms (wall)`);
}
