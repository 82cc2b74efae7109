// Concrete colour arithmetic for the few places CSS cannot do it: a heat-map cell's background
// mixed from theme colours, and the text colour (theme foreground or background) that reads
// best on it, by WCAG contrast.

export type Rgb = [number, number, number];

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour the canvas understands (hex, rgb(), named) to 0..255 channels. */
export function parseColor(css: string): Rgb {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return [128, 128, 128];
  probe.fillStyle = '#000';
  probe.fillStyle = css;
  const value = String(probe.fillStyle);
  if (value.startsWith('#')) {
    const hex = (i: number) => parseInt(value.slice(i, i + 2), 16);
    return [hex(1), hex(3), hex(5)];
  }
  const parts = value.match(/[\d.]+/g)?.map(Number) ?? [128, 128, 128];
  return [parts[0]!, parts[1]!, parts[2]!];
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const at = (i: 0 | 1 | 2) => Math.round(a[i] * t + b[i] * (1 - t));
  return [at(0), at(1), at(2)];
}

export function css([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Whichever of the candidate text colours contrasts most with `background`. */
export function readableOn(background: Rgb, candidates: string[]): string {
  let best = candidates[0]!;
  let bestContrast = -1;
  for (const candidate of candidates) {
    const c = contrast(background, parseColor(candidate));
    if (c > bestContrast) {
      best = candidate;
      bestContrast = c;
    }
  }
  return best;
}
