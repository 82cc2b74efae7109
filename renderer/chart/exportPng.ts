// One PNG of all charts of an output: titles, the chart canvases as drawn, and the run names.

import { canvasToBlob } from '../dom';
import type { ThemeColors } from '../theme';

export async function chartsPng(
  charts: Array<{ title: string; canvas: HTMLCanvasElement }>,
  runs: Array<{ name: string; color: string }>,
  colors: ThemeColors,
): Promise<Blob> {
  const ratio = window.devicePixelRatio || 1;
  const titleHeight = 22 * ratio;
  const legendHeight = 24 * ratio;
  const width = Math.max(...charts.map((c) => c.canvas.width), 300 * ratio);
  const height = legendHeight + charts.reduce((sum, c) => sum + titleHeight + c.canvas.height, 0);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  let x = 8 * ratio;
  ctx.font = `${12 * ratio}px ${colors.fontFamily}`;
  for (const run of runs) {
    ctx.fillStyle = run.color;
    ctx.fillRect(x, legendHeight / 2 - ratio, 14 * ratio, 3 * ratio);
    x += 18 * ratio;
    ctx.fillStyle = colors.foreground;
    ctx.fillText(run.name, x, legendHeight / 2);
    x += ctx.measureText(run.name).width + 16 * ratio;
  }
  let y = legendHeight;
  for (const chart of charts) {
    ctx.fillStyle = colors.foreground;
    ctx.font = `600 ${12 * ratio}px ${colors.fontFamily}`;
    ctx.fillText(chart.title, 8 * ratio, y + titleHeight / 2);
    y += titleHeight;
    ctx.drawImage(chart.canvas, 0, y);
    y += chart.canvas.height;
  }
  return canvasToBlob(canvas);
}
