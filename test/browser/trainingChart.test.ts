import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { MIME, type TrainingPayload, type TrainingRun } from '../../common/outputs';
import { shownTraining, trainingDelta } from '../../extension/execution/trainingDelta';
import { longTrainingPayload } from '../fixtures/longTraining';
import { fixture, openHarness, type Harness } from './harness';

let h: Harness;
before(async () => {
  h = await openHarness();
});
after(async () => {
  await h?.close();
});

/** The first `batches` batches of a finished run, as the kernel would send them mid-fit. */
function partial(run: TrainingRun, batches: number): TrainingRun {
  const last = run.batches[batches - 1]!.step;
  return {
    ...run,
    status: 'running',
    batches: run.batches.slice(0, batches),
    epochEnds: run.epochEnds.filter((e) => e.step <= last),
  };
}

/** TensorBoard's debiased EMA, written out here as the specification the chart must meet. */
function debiasedEma(values: number[], w: number): number[] {
  let last = 0;
  return values.map((v, i) => {
    last = last * w + (1 - w) * v;
    return last / (1 - Math.pow(w, i + 1));
  });
}

const readout = (id: string, family: string) => h.page.locator(`#${id} .chart-cell[data-family="${family}"] .readout`);
const canvasImage = (id: string, family: string) =>
  h.page.locator(`#${id} .chart-cell[data-family="${family}"] canvas`).evaluate((c: HTMLCanvasElement) => c.toDataURL());
const setSlider = (id: string, value: number) =>
  h.page.locator(`#${id} input[type=range]`).evaluate((input: HTMLInputElement, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);

test('one run: a chart per metric family with its val_ twin, the latest values read out, the run named', async () => {
  const payload = await fixture<TrainingPayload>('training-one-run');
  const out = await h.render('one', MIME.training, payload);
  assert.deepEqual(await out.locator('.chart-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-family'))), ['loss', 'acc']);
  assert.equal(await out.locator('.chart-cell canvas').count(), 2);
  assert.equal(await readout('one', 'loss').getAttribute('data-x'), '249');
  const run = payload.runs[0]!;
  const valLoss = run.epochEnds[4]!.values.val_loss!;
  assert.match((await readout('one', 'loss').textContent())!, new RegExp(`val ${String(Number(valLoss.toPrecision(4)))}`));
  assert.match((await out.locator('.status').textContent())!, /adam 1e-3 · done · epoch 5\/5/);
  await h.screenshot('one', 'training-one-run-light');
});

test('live: re-rendering the same output with more points extends the same charts in place', async () => {
  const full = await fixture<TrainingPayload>('training-one-run');
  const run = full.runs[0]!;
  const out = await h.render('live', MIME.training, { version: 1, runs: [partial(run, 60)] });
  assert.equal(await readout('live', 'loss').getAttribute('data-x'), '59');
  assert.match((await out.locator('.status').textContent())!, /running · epoch 1\/5/);
  await out.locator('.chart-cell canvas').first().evaluate((c) => ((c as unknown as { mark: number }).mark = 42));
  const before = await canvasImage('live', 'loss');
  await h.screenshot('live', 'training-live-60-light');

  for (const batches of [90, 120, 150]) await h.render('live', MIME.training, { version: 1, runs: [partial(run, batches)] });
  assert.equal(await readout('live', 'loss').getAttribute('data-x'), '149');
  assert.equal(await out.locator('.chart-cell canvas').first().evaluate((c) => (c as unknown as { mark?: number }).mark), 42, 'the canvas was replaced, not updated');
  assert.notEqual(await canvasImage('live', 'loss'), before);
  await h.screenshot('live', 'training-live-150-light');

  await h.render('live', MIME.training, full);
  assert.equal(await readout('live', 'loss').getAttribute('data-x'), '249');
  assert.match((await out.locator('.status').textContent())!, /done · epoch 5\/5/);
});

test('renderer messages append points to a live chart without re-sending the payload', async () => {
  const run = (await fixture<TrainingPayload>('training-one-run')).runs[0]!;
  await h.render('messaged', MIME.training, { version: 1, runs: [partial(run, 40)] });
  const post = (message: unknown) =>
    h.page.evaluate((m) => (window as unknown as { tlnb: { postMessage(m: unknown): void } }).tlnb.postMessage(m), message);
  // Overlapping points (30..59) are skipped; the run's status comes with the message.
  await post({
    type: 'tlnb.training.append',
    version: 1,
    outputId: 'messaged',
    runs: [{ index: 0, run: { ...partial(run, 60), batches: undefined, epochEnds: undefined }, batches: run.batches.slice(30, 60), epochEnds: run.epochEnds.slice(0, 1) }],
  });
  assert.equal(await readout('messaged', 'loss').getAttribute('data-x'), '59');
  assert.match((await readout('messaged', 'loss').textContent())!, new RegExp(`val ${Number(run.epochEnds[0]!.values.val_loss!.toPrecision(4))}`));
  // A message for another output changes nothing; the full payload still renders in place.
  await post({ type: 'tlnb.training.append', version: 1, outputId: 'elsewhere', runs: [{ index: 0, batches: run.batches.slice(60, 90), epochEnds: [] }] });
  assert.equal(await readout('messaged', 'loss').getAttribute('data-x'), '59');
  await h.render('messaged', MIME.training, { version: 1, runs: [run] });
  assert.equal(await readout('messaged', 'loss').getAttribute('data-x'), '249');
});

test("the extension's append messages (trainingDelta) draw the same chart as the whole payload", async () => {
  const run = (await fixture<TrainingPayload>('training-one-run')).runs[0]!;
  let shown = shownTraining({ version: 1, runs: [partial(run, 40)] });
  await h.render('appended', MIME.training, { version: 1, runs: [partial(run, 40)] });
  const post = (message: unknown) =>
    h.page.evaluate((m) => (window as unknown as { tlnb: { postMessage(m: unknown): void } }).tlnb.postMessage(m), message);
  // As the kernel sends them: every few batches, then the finished run.
  for (const batches of [47, 61, 90, 133, 180, 222, 249]) {
    const delta = trainingDelta(shown, { version: 1, runs: [partial(run, batches)] }, 'appended')!;
    await post(delta.message);
    shown = delta.shown;
  }
  const done = trainingDelta(shown, { version: 1, runs: [run] }, 'appended')!;
  await post(done.message);
  await h.render('whole', MIME.training, { version: 1, runs: [run] });
  for (const family of ['loss', 'acc']) {
    assert.equal(await readout('appended', family).textContent(), await readout('whole', family).textContent());
    assert.equal(await canvasImage('appended', family), await canvasImage('whole', family), `${family}: the appended chart differs from the whole one`);
  }
  assert.equal(await h.page.locator('#appended .status').textContent(), await h.page.locator('#whole .status').textContent());
});

test('the renderer tells the extension which training outputs it draws, so messages go only to those', async () => {
  const posted = () => h.page.evaluate(() => (window as unknown as { tlnb: { posted: unknown[] } }).tlnb.posted.filter((m) => (m as { outputId?: string }).outputId === 'told'));
  await h.render('told', MIME.training, await fixture('training-one-run'));
  assert.deepEqual(await posted(), [{ type: 'tlnb.training.listening', outputId: 'told' }]);
  await h.page.evaluate(() => (window as unknown as { tlnb: { dispose(id: string): void } }).tlnb.dispose('told'));
  assert.deepEqual(await posted(), [
    { type: 'tlnb.training.listening', outputId: 'told' },
    { type: 'tlnb.training.closed', outputId: 'told' },
  ]);
});

test('hovering a chart reads out the values under the pointer', async () => {
  const out = await h.render('hover', MIME.training, await fixture('training-one-run'));
  const over = out.locator('.chart-cell[data-family="loss"] .u-over');
  await over.scrollIntoViewIfNeeded();
  const box = (await over.boundingBox())!;
  await h.page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  const x = Number(await readout('hover', 'loss').getAttribute('data-x'));
  assert.ok(x > 80 && x < 120, `x under the pointer: ${x}`);
  // The acc chart follows the same cursor.
  assert.equal(await readout('hover', 'acc').getAttribute('data-x'), String(x));
  await h.page.mouse.move(0, 0);
});

test('smoothing: 0 shows the raw values, 0.9 the debiased EMA of them', async () => {
  const payload = await fixture<TrainingPayload>('training-one-run');
  const losses = payload.runs[0]!.batches.map((b) => b.values.loss!);
  const out = await h.render('smooth', MIME.training, payload);
  const shown = async () => Number(await readout('smooth', 'loss').locator('b').first().textContent());
  await setSlider('smooth', 0);
  assert.equal(await shown(), Number(losses[249]!.toPrecision(4)));
  await setSlider('smooth', 0.9);
  assert.equal(await shown(), Number(debiasedEma(losses, 0.9)[249]!.toPrecision(4)));
  assert.equal(await out.locator('.controls .value').textContent(), '0.90');
});

test('log scale redraws the y axis and back', async () => {
  const out = await h.render('log', MIME.training, await fixture('training-one-run'));
  const linear = await canvasImage('log', 'loss');
  await out.getByRole('checkbox', { name: 'Log scale' }).check();
  const log = await canvasImage('log', 'loss');
  assert.notEqual(log, linear);
  await h.screenshot('log', 'training-log-scale-light');
  await out.getByRole('checkbox', { name: 'Log scale' }).uncheck();
  assert.equal(await canvasImage('log', 'loss'), linear);
});

test('several runs are overlaid, each named in the status and the read-out', async () => {
  const payload = await fixture<TrainingPayload>('training-runs');
  const out = await h.render('runs', MIME.training, payload);
  assert.deepEqual(await out.locator('.status .run').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run'))), ['adam 1e-3', 'sgd 0.1', 'adam 1e-2']);
  assert.deepEqual(
    await readout('runs', 'acc').locator('.run-value').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run'))),
    ['adam 1e-3', 'sgd 0.1', 'adam 1e-2'],
  );
  await h.screenshot('runs', 'training-runs-light');
  await out.getByRole('button', { name: 'x axis: epoch' }).click();
  assert.equal(await readout('runs', 'loss').getAttribute('data-x'), '5');
  const lastLoss = payload.runs[2]!.epochEnds[4]!.values.loss!;
  assert.match((await readout('runs', 'loss').locator('[data-run="adam 1e-2"] b').textContent())!, new RegExp(String(Number(lastLoss.toPrecision(4)))));
  await h.screenshot('runs', 'training-runs-epochs-light');
});

test('CSV export has every batch and epoch of every run; PNG export is an image', async () => {
  const payload = await fixture<TrainingPayload>('training-runs');
  const out = await h.render('csv', MIME.training, payload);
  const [csv] = await Promise.all([h.page.waitForEvent('download'), out.getByRole('button', { name: 'Export every logged value as CSV' }).click()]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'run,kind,step,epoch,loss,acc,val_loss,val_acc');
  assert.equal(lines.length, 1 + payload.runs.reduce((n, r) => n + r.batches.length + r.epochEnds.length, 0));
  const [png] = await Promise.all([h.page.waitForEvent('download'), out.getByRole('button', { name: 'Export the charts as PNG' }).click()]);
  assert.equal((await readFile((await png.path())!)).subarray(1, 4).toString(), 'PNG');
});

test('a 100,000-point run draws, and new points append to it', async () => {
  const payload = longTrainingPayload(100_000);
  const out = await h.render('long', MIME.training, payload);
  assert.equal(await readout('long', 'loss').getAttribute('data-x'), '99999');
  const more = longTrainingPayload(100_100);
  await h.render('long', MIME.training, more);
  assert.equal(await readout('long', 'loss').getAttribute('data-x'), '100099');
  assert.equal(await out.locator('.chart-cell canvas').count(), 2);
  await h.page.evaluate(() => (window as unknown as { tlnb: { dispose(id: string): void } }).tlnb.dispose('long'));
});

test('a theme change redraws the charts in the new colours', async () => {
  await h.render('theme', MIME.training, await fixture('training-runs'));
  const light = await canvasImage('theme', 'loss');
  await h.setTheme('dark');
  assert.notEqual(await canvasImage('theme', 'loss'), light);
  await h.screenshot('theme', 'training-runs-dark');
  await h.screenshot('one', 'training-one-run-dark');
  await h.setTheme('hc');
  await h.screenshot('theme', 'training-runs-hc');
  await h.setTheme('light');
});

/** The share of pixels (RGBA) that differ between two same-sized canvases, given as data URLs. */
async function pixelDifference(a: string, b: string): Promise<number> {
  return h.page.evaluate(async ([first, second]) => {
    // (No named helper: the test runner's transform would name it through a function the page lacks.)
    const data: Uint8ClampedArray[] = [];
    for (const url of [first, second]) {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      data.push(ctx.getImageData(0, 0, image.width, image.height).data);
    }
    const [p, q] = data as [Uint8ClampedArray, Uint8ClampedArray];
    let differ = 0;
    for (let i = 0; i < p.length; i += 4) if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2] || p[i + 3] !== q[i + 3]) differ++;
    return differ / (p.length / 4);
  }, [a, b] as const);
}

test('while a fit runs, appended points are stroked onto the canvas without a redraw, then uPlot redraws it exactly', async () => {
  const run = (await fixture<TrainingPayload>('training-one-run')).runs[0]!;
  await h.render('incremental', MIME.training, { version: 1, runs: [partial(run, 40)] });
  const post = (message: unknown) =>
    h.page.evaluate((m) => (window as unknown as { tlnb: { postMessage(m: unknown): void } }).tlnb.postMessage(m), message);
  // Count uPlot's redraws: it clears the whole canvas first; an incremental append never does.
  await h.page.locator('#incremental canvas').first().evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const clear = ctx.clearRect.bind(ctx);
    (window as unknown as { clears: number }).clears = 0;
    ctx.clearRect = (x, y, w, hh) => {
      if (w >= canvas.width && hh >= canvas.height) (window as unknown as { clears: number }).clears++;
      clear(x, y, w, hh);
    };
  });
  let shown = shownTraining({ version: 1, runs: [partial(run, 40)] });
  for (const batches of [45, 50, 55, 60]) {
    const delta = trainingDelta(shown, { version: 1, runs: [partial(run, batches)] }, 'incremental')!;
    await post(delta.message);
    shown = delta.shown;
  }
  const clears = await h.page.evaluate(() => (window as unknown as { clears: number }).clears);
  assert.equal(await readout('incremental', 'loss').getAttribute('data-x'), '59');
  const appended = await canvasImage('incremental', 'loss');
  await h.render('whole-running', MIME.training, { version: 1, runs: [partial(run, 60)] });
  const whole = await canvasImage('whole-running', 'loss');
  // Appends that keep both scales are drawn without clearing the canvas (the x axis spans the
  // planned 250 batches while the run is running); a few may rescale y.
  assert.ok(clears < 4, `uPlot redrew ${clears} of 4 appends in full`);
  const differ = await pixelDifference(appended, whole);
  assert.ok(differ < 0.01, `the incrementally drawn chart differs from uPlot's in ${(differ * 100).toFixed(2)}% of its pixels`);
  // Once appends pause, uPlot redraws the chart: exactly the whole payload's picture.
  await h.page.waitForTimeout(600);
  assert.equal(await canvasImage('incremental', 'loss'), whole);
});
