// The hostile set (issue 12) through the real `tlnb finetune` (bin/tlnb.js) as a child process with a
// capped heap: every hostile model, image folder, IDX and CSV file is refused with a clear message
// and exit code 1, nothing is written (no --out folder, every file under the case's folder and the
// "secret" beside it byte-identical), and the process's peak memory stays under 1 GiB. Peak memory
// is read from the process itself (process.resourceUsage().maxRSS, printed at exit by a preload), so
// no /usr/bin/time is needed. Cases run four at a time.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32, gzipSync } from 'node:zlib';
import { CLI_PATH, ensureBuilt } from '../kernel/kernelHarness';
import { pngBytes, saveMlp, tempDir, writeFile } from './fixtures';

const root = tempDir('hostile-cli');
const PEAK_PRELOAD = writeFile(
  join(root, 'peak-rss.cjs'),
  "process.on('exit', () => require('fs').writeSync(2, `\\nTLNB_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\\n`));\n",
);
const HEAP_CAP_MB = 512;
const PEAK_LIMIT_MB = 1024;

interface Case {
  name: string;
  /** Makes the case's files under `dir`; returns the finetune arguments (without --out). */
  setup(dir: string): Promise<string[]>;
  /** The message tlnb finetune must print on stderr. */
  message: RegExp;
  env?: Record<string, string>;
}

const gray = () => [128, 128, 128, 255];
const mlp = (dir: string, shape: number[]) => saveMlp(join(dir, 'model'), shape, 4, 2);

/** The saved model's model.json, rewritten by `edit`. */
async function editedModel(dir: string, edit: (json: any) => void): Promise<string> {
  const folder = await mlp(dir, [4]);
  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
  edit(json);
  writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
  return folder;
}

const csv = (dir: string) => writeFile(join(dir, 'data', 'points.csv'), 'a,b,c,d,label\n1,2,3,4,x\n2,3,4,5,y\n3,4,5,6,x\n4,5,6,7,y\n');

function idxHeader(dims: number[]): Buffer {
  const bytes = Buffer.alloc(4 + 4 * dims.length);
  bytes[2] = 0x08;
  bytes[3] = dims.length;
  dims.forEach((d, i) => bytes.writeUInt32BE(d, 4 + 4 * i));
  return bytes;
}

function pngClaiming(width: number, height: number): Buffer {
  const png = Buffer.from(pngBytes(2, 2, gray));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** An image folder with one good image per class plus `extra` in it; the model takes 8×8 grayscale. */
async function imageCase(dir: string, extra: (data: string) => void): Promise<string[]> {
  const data = join(dir, 'data');
  writeFile(join(data, 'cat', '1.png'), pngBytes(8, 8, gray));
  writeFile(join(data, 'dog', '1.png'), pngBytes(8, 8, gray));
  extra(data);
  return ['--model', await mlp(dir, [8, 8, 1]), '--data', data];
}

const CASES: Case[] = [
  {
    name: 'weights path ../secret.bin of the exact size',
    setup: async (dir) => {
      writeFile(join(dir, 'secret.bin'), new Uint8Array((4 * 4 + 4 + 4 * 2 + 2) * 4).fill(7));
      return ['--model', await editedModel(dir, (j) => (j.weightsManifest[0].paths = ['../secret.bin'])), '--data', csv(dir)];
    },
    message: /weightsManifest lists the weights file "\.\.\/secret\.bin", which is outside the model's folder/,
  },
  {
    name: 'weights path /dev/zero',
    setup: async (dir) => ['--model', await editedModel(dir, (j) => (j.weightsManifest[0].paths = ['/dev/zero'])), '--data', csv(dir)],
    message: /"\/dev\/zero"/,
  },
  {
    // New (item 4): the file name is inside the folder, but a folder on the way is a link to /etc.
    name: 'weights path through a linked sub-folder (sub -> /etc, sub/passwd)',
    setup: async (dir) => {
      const model = await editedModel(dir, (j) => (j.weightsManifest[0].paths = ['sub/passwd']));
      symlinkSync('/etc', join(model, 'sub'));
      return ['--model', model, '--data', csv(dir)];
    },
    message: /"sub\/passwd".*outside the model's folder/s,
  },
  {
    name: 'weights manifest of 1.6 GB',
    setup: async (dir) => ['--model', await editedModel(dir, (j) => (j.weightsManifest[0].weights[0].shape = [4, 100_000_000])), '--data', csv(dir)],
    message: /take 1\.6 GB, more than the memory budget of 256 MiB/,
  },
  {
    name: 'topology of 400,000 units',
    setup: async (dir) =>
      ['--model', await editedModel(dir, (j) => (j.modelTopology.config.layers.find((l: any) => l.config.name === 'hidden').config.units = 400_000)), '--data', csv(dir)],
    message: /needs a weight "kernel" of shape \[4, 400000\].*nothing of that size was allocated/,
  },
  {
    name: 'PNG claiming 60000×60000',
    setup: (dir) => imageCase(dir, (data) => writeFile(join(data, 'dog', 'bomb.png'), pngClaiming(60000, 60000))),
    message: /bomb\.png.*60000×60000/,
  },
  {
    // New (item 4): one side huge, the other 1 — the product, not each side, is what is checked.
    name: 'PNG claiming 2147483647×1',
    setup: (dir) => imageCase(dir, (data) => writeFile(join(data, 'dog', 'thin.png'), pngClaiming(2147483647, 1))),
    message: /thin\.png/,
  },
  {
    name: 'class folder linked to /etc',
    setup: (dir) => imageCase(dir, (data) => symlinkSync('/etc', join(data, 'etc'))),
    message: /"etc" is a link to \/etc, outside the data folder/,
  },
  {
    name: 'image linked to a secret outside',
    setup: (dir) =>
      imageCase(dir, (data) => {
        writeFile(join(dir, 'secret.txt'), 'root:x:0:0:the secret:/root:/bin/bash\n');
        symlinkSync(join(dir, 'secret.txt'), join(data, 'dog', '2.png'));
      }),
    message: /"dog\/2\.png" is a link to .*secret\.txt, outside the data folder/,
  },
  {
    name: 'gzip IDX that inflates past its header',
    setup: async (dir) => {
      const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
      const images = writeFile(join(dir, 'data', 'train-images-idx3-ubyte.gz'), Buffer.concat([gzipSync(idxHeader([10, 2, 2])), member, member, member]));
      writeFile(join(dir, 'data', 'train-labels-idx1-ubyte.gz'), gzipSync(Buffer.concat([idxHeader([10]), Buffer.alloc(10)])));
      return ['--model', await mlp(dir, [4]), '--data', images];
    },
    message: /decompresses to more than the 56 bytes its header declares/,
  },
  {
    // New (item 4): dimensions whose product is past 2^53 (exact arithmetic would be needed to be fooled).
    name: 'IDX header declaring [4294967295, 4294967295, 4294967295]',
    setup: async (dir) => {
      const images = writeFile(join(dir, 'data', 'train-images-idx3-ubyte'), Buffer.concat([idxHeader([0xffffffff, 0xffffffff, 0xffffffff]), Buffer.alloc(64)]));
      writeFile(join(dir, 'data', 'train-labels-idx1-ubyte'), Buffer.concat([idxHeader([4]), Buffer.alloc(4)]));
      return ['--model', await mlp(dir, [4]), '--data', images, '--format', 'idx'];
    },
    message: /4294967295/,
  },
  {
    name: 'CSV of a million columns',
    setup: async (dir) => {
      const header = `${new Array(1_000_000).fill('c').join(',')},label`;
      return ['--model', await mlp(dir, [4]), '--data', writeFile(join(dir, 'data', 'wide.csv'), `${header}\n${header.replace(/c/g, '0')}\n`)];
    },
    message: /line 1 \(the header\) has 1,000,001 columns/,
  },
  {
    name: 'CSV of one endless line',
    setup: async (dir) => ['--model', await mlp(dir, [4]), '--data', writeFile(join(dir, 'data', 'endless.csv'), '1,'.repeat(6 * 1024 * 1024))],
    message: /the header line is longer than 4\.2 MB/,
  },
  {
    name: 'CSV with a quote never closed',
    setup: async (dir) => {
      const rows = Array.from({ length: 300_000 }, (_, i) => (i === 2 ? '1,2,3,"4,x' : `${i},1,2,3,y`));
      return ['--model', await mlp(dir, [4]), '--data', writeFile(join(dir, 'data', 'quote.csv'), `a,b,c,d,label\n${rows.join('\n')}\n`)];
    },
    message: /the record that starts after line 3 is longer than 4\.2 MB/,
  },
  {
    name: 'CSV with more rows than a 1 MiB budget',
    setup: async (dir) => {
      const rows = Array.from({ length: 100_000 }, (_, i) => `${i},1,2,3,${i % 2 ? 'x' : 'y'}`);
      return ['--model', await mlp(dir, [4]), '--data', writeFile(join(dir, 'data', 'long.csv'), `a,b,c,d,label\n${rows.join('\n')}\n`)];
    },
    env: { TLNB_MEMORY_BUDGET_MB: '1' },
    message: /line 43,692 is row 43,691: .*more than the memory budget of 1 MiB/,
  },
  {
    // New (item 4): a device named .csv must be refused, not read forever.
    name: 'CSV that is /dev/zero',
    setup: async (dir) => {
      symlinkSync('/dev/zero', join(dir, 'zero.csv'));
      return ['--model', await mlp(dir, [4]), '--data', join(dir, 'zero.csv')];
    },
    message: /zero\.csv: cannot read the CSV file: is a device, not a regular file/,
  },
];

/** Every entry under `dir` without following links (a case links to /etc and /dev/zero): file hashes, link targets. */
function snapshot(dir: string, out: Record<string, string> = {}, prefix = ''): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) out[prefix + name] = `-> ${readlinkSync(path)}`;
    else if (stats.isDirectory()) snapshot(path, out, `${prefix}${name}/`);
    else out[prefix + name] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

interface Outcome {
  code: number | null;
  stderr: string;
  peakMb: number;
  seconds: number;
}

function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  const started = Date.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, '--require', PEAK_PRELOAD, CLI_PATH, 'finetune', ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      const peak = /TLNB_PEAK_RSS_KB=(\d+)/.exec(stderr);
      resolve({ code, stderr, peakMb: peak ? Number(peak[1]) / 1024 : NaN, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function check(hostile: Case, index: number, log: (line: string) => void): Promise<string[]> {
  const dir = join(root, `case-${index}`);
  mkdirSync(dir, { recursive: true });
  const args = await hostile.setup(dir);
  const out = join(dir, 'out');
  const before = snapshot(dir);
  const result = await runCli([...args, '--out', out, '--epochs', '1', '--backend', 'cpu'], dir, hostile.env);
  log(`${hostile.name}: exit ${result.code}, peak ${result.peakMb.toFixed(0)} MB, ${result.seconds.toFixed(1)} s`);
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${hostile.name}: ${what}\n  stderr: ${result.stderr.slice(0, 600)}`);
  if (result.code !== 1) say(`exit code ${result.code}, expected 1`);
  if (!hostile.message.test(result.stderr)) say(`no message matching ${hostile.message}`);
  if (/unexpected error|\n\s+at /.test(result.stderr)) say('a stack trace instead of a message');
  if (/root:x:0|the secret/.test(result.stderr)) say("the contents of a file that is not the data were printed");
  if (existsSync(out)) say('the --out folder was created');
  if (JSON.stringify(snapshot(dir)) !== JSON.stringify(before)) say('a file in the case folder changed');
  if (!(result.peakMb < PEAK_LIMIT_MB)) say(`peak memory ${result.peakMb.toFixed(0)} MB`);
  return problems;
}

test('every hostile input through `tlnb finetune` (child process, 512 MB heap): refused with a message, exit 1, nothing written, under 1 GiB', async (t) => {
  ensureBuilt();
  const problems: string[] = [];
  const queue = CASES.map((c, i) => [c, i] as const);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) problems.push(...(await check(next[0], next[1], (line) => t.diagnostic(line))));
    }),
  );
  assert.deepEqual(problems, []);
});
