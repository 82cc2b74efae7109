// npm run bench:renderer — the renderer's speed and size in Debian's Chromium, each figure next
// to a reference measured in the same run:
//   1. layout + first paint of the ResNet-50-sized graph (177 layers)   vs dagre's layout alone
//   2. appending points to a 100,000-point training chart, 60 updates: as renderer messages
//      (the live path) vs replacing the output (re-parsing the whole payload) vs redrawing from scratch
//   3. the production bundle, gzipped                                    vs its two libraries alone
//   4. limits: huge chains, confusion matrices and image grids (goal < 1 s each, bounded DOM);
//      `npm run bench:renderer -- --limits` measures only these, `-- --chart` only 2.
// Figures are medians over repeated runs; the machine is shared, so ratios are what hold.

import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MIME } from '../../common/outputs';
import { longTrainingPayload } from '../../test/fixtures/longTraining';
import { fixture, openHarness, ROOT } from '../../test/browser/harness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;
const kb = (x: number) => `${(x / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--production'], { stdio: 'ignore' });
  await build({
    entryPoints: [join(ROOT, 'scripts', 'bench', 'rendererPage.ts')],
    // Outside dist/, so it never lands in the VSIX.
    outfile: join(ROOT, 'out', 'bench', 'page.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    loader: { '.css': 'text' },
    logLevel: 'silent',
  });

  const h = await openHarness();
  const { page } = h;
  await page.addScriptTag({ url: '/out/bench/page.js', type: 'module' });
  await page.waitForFunction(() => 'bench' in window);

  type Bench = {
    measureLimit(kind: string, size: number, runs: number): Promise<{ ours: number[]; script: number[]; elements: number; bytes: number }>;
    measureGraph(text: string, mime: string, runs: number): Promise<{ ours: number[]; script: number[]; reference: number[]; referenceLight: number[] }>;
    measureChart(text: string, mime: string, base: number, updates: number, step: number): Promise<{
      initial: number; ours: number[]; oursFrame: number[]; oursWall: number; replaced: number[]; messaged: number[]; messageBytes: number;
      reference: number[]; referenceFrame: number[];
      parse: number[]; bytes: number;
    }>;
  };
  // 4. Limits: the samples' largest outputs ×10 (7 layers, 24 images, 10 classes), and far past them.
  const limitCases: Array<[string, number, string]> = [
    ['chain', 70, '70-layer chain (10× the largest sample model)'],
    ['chain', 3000, '3,000-layer chain'],
    ['chain', 30_000, '30,000-layer chain'],
    ['confusion', 100, '100×100 confusion (10× the samples\' 10 classes)'],
    ['confusion', 1000, '1000×1000 confusion'],
    ['images', 240, '240 images (10× the largest sample grid)'],
    ['images', 50_000, '50,000 images'],
  ];
  const limits: string[] = [];
  const chartOnly = process.argv.includes('--chart');
  for (const [kind, size, label] of chartOnly ? [] : limitCases) {
    const runs = size > 10_000 || kind === 'confusion' && size >= 1000 ? 3 : 5;
    const r = await page.evaluate(
      ([k, n, m]) => (window as unknown as { bench: Bench }).bench.measureLimit(k, n, m),
      [kind, size, runs] as const,
    );
    limits.push(`  ${label.padEnd(52)} median ${ms(median(r.ours)).padStart(11)} (script ${ms(median(r.script))}), ${r.elements} elements, ${kb(r.bytes)} JSON`);
  }
  if (process.argv.includes('--limits')) {
    await h.close();
    console.log(['limits: renderOutputItem (JSON text in) until the frame is painted, goal < 1 s:', ...limits].join('\n'));
    return;
  }
  const resnet = JSON.stringify(await fixture('model-resnet50'));
  const graph = chartOnly
    ? { ours: [NaN], script: [NaN], reference: [NaN], referenceLight: [NaN] }
    : await page.evaluate(
        ([text, mime]) => (window as unknown as { bench: Bench }).bench.measureGraph(text, mime, 10),
        [resnet, MIME.model] as const,
      );
  const long = JSON.stringify(longTrainingPayload(100_000 + 60 * 5));
  const chart = await page.evaluate(
    ([text, mime]) => (window as unknown as { bench: Bench }).bench.measureChart(text, mime, 100_000, 60, 5),
    [long, MIME.training] as const,
  );
  await h.close();

  // 3. Bundle size.
  const bundle = gzipSync(readFileSync(join(ROOT, 'dist', 'renderer.js'))).length;
  const libs = await build({
    stdin: { contents: "import dagre from '@dagrejs/dagre'; import uPlot from 'uplot'; console.log(dagre, uPlot);", resolveDir: ROOT },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const libsSize = gzipSync(libs.outputFiles[0]!.contents).length;

  const graphOurs = median(graph.ours);
  const graphRef = median(graph.reference);
  const chartOurs = median(chart.ours);
  const chartRef = median(chart.reference);
  const lines = [
    `machine: ${process.platform} ${process.arch}, ${execFileSync('nproc').toString().trim()} cores, ${execFileSync('/usr/bin/chromium', ['--version']).toString().trim()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '',
    `ResNet-50 graph (177 layers): layout + first paint   median ${ms(graphOurs)} (goal < 100 ms)`,
    `  of which script (renderOutputItem)                  median ${ms(median(graph.script))}`,
    `  reference: dagre layout alone, default options      median ${ms(graphRef)}   ratio ${(graphOurs / graphRef).toFixed(2)}x`,
    `  reference: dagre layout alone, options used here    median ${ms(median(graph.referenceLight))}`,
    `100,000-point chart, 60 updates of 5 points, one per frame:`,
    `  live path: renderer messages (${chart.messageBytes} bytes each, parse included)  median ${ms(median(chart.messaged))}, p95 ${ms(p95(chart.messaged))} (goal < 4 ms)`,
    `  replace path: the output replaced, whole payload parsed   median ${ms(median(chart.replaced))}, p95 ${ms(p95(chart.replaced))}   p95 ratio ${(p95(chart.replaced) / p95(chart.messaged)).toFixed(1)}x the live path`,
    `  replace path, payload handed over parsed (renderer alone)  median ${ms(chartOurs)}, p95 ${ms(p95(chart.ours))}`,
    `    until the frame is rendered                    median ${ms(median(chart.oursFrame))}; 60 updates in ${ms(chart.oursWall)} wall time`,
    `  first render of the 100,000 points               ${ms(chart.initial)}`,
    `  reference: redraw both charts from all data (tfjs-vis style)`,
    `    script per update                               median ${ms(chartRef)}   ratio ${(chartRef / chartOurs).toFixed(1)}x ours`,
    `    until the frame is rendered                     median ${ms(median(chart.referenceFrame))}   ratio ${(median(chart.referenceFrame) / median(chart.oursFrame)).toFixed(1)}x ours`,
    `  (for context: JSON.parse of the whole ${kb(chart.bytes)} payload, which the webview does when an output is replaced, median ${ms(median(chart.parse))})`,
    `limits: renderOutputItem (JSON text in) until the frame is painted, goal < 1 s:`,
    ...limits,
    `renderer bundle, production, gzipped                  ${kb(bundle)} (goal < 150 KB)`,
    `  reference: @dagrejs/dagre + uplot alone, gzipped     ${kb(libsSize)}   our own code ${kb(bundle - libsSize)}`,
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
