// uPlot options coloured from the VS Code theme (canvas colours must be concrete values).

import type uPlot from 'uplot';
import { formatValue } from '../format';
import type { ThemeColors } from '../theme';

export function axes(colors: ThemeColors, xLabel: string, yLabel: string, log: boolean): uPlot.Axis[] {
  const font = `11px ${colors.fontFamily}`;
  const labelFont = `600 11px ${colors.fontFamily}`;
  const grid = { stroke: colors.grid, width: 0.6 };
  const ticks = { stroke: colors.grid, width: 0.6, size: 4 };
  return [
    { stroke: colors.muted, font, labelFont, label: xLabel, labelSize: 16, labelGap: 0, grid, ticks, size: 30 },
    {
      stroke: colors.muted,
      font,
      labelFont,
      label: yLabel,
      labelSize: 16,
      grid,
      ticks,
      size: 50,
      values: (_u, splits) => splits.map((v) => (log ? formatLogTick(v) : formatValue(v))),
    },
  ];
}

function formatLogTick(v: number): string {
  return Number.isInteger(Math.log10(v)) || v >= 1 ? formatValue(v) : '';
}

/** With a transparent fill uPlot shows the editor background through the canvas. */
export function cursorOptions(syncKey: string): uPlot.Cursor {
  return {
    sync: { key: syncKey, setSeries: false },
    focus: { prox: 16 },
    drag: { x: true, y: false },
    points: { size: 6 },
  };
}
