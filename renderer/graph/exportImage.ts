// Exports the drawn graph as a standalone SVG or PNG. The live SVG takes its colours from the
// theme's CSS variables, which do not exist outside the notebook, so the export copies each
// element's computed colours and fonts into attributes of a clone.

import { canvasToBlob } from '../dom';

const PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor'] as const;

export function standaloneSvg(svg: SVGSVGElement, bounds: { width: number; height: number }, background: string): string {
  const clone = svg.cloneNode(true);
  if (!(clone instanceof SVGSVGElement)) throw new Error('tlnb: cloning the graph\'s <svg> gave no <svg>');
  // The export shows the whole graph at scale 1, whatever the current zoom and pan.
  clone.querySelector('.viewport')?.removeAttribute('transform');
  const live = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  live.forEach((element, i) => {
    const style = getComputedStyle(element);
    const copy = copies[i]!;
    for (const prop of PROPS) copy.setAttribute(prop, style.getPropertyValue(prop));
    copy.removeAttribute('class');
    copy.removeAttribute('tabindex');
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(bounds.width)));
  clone.setAttribute('height', String(Math.ceil(bounds.height)));
  clone.setAttribute('viewBox', `0 0 ${Math.ceil(bounds.width)} ${Math.ceil(bounds.height)}`);
  clone.removeAttribute('style');
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', background);
  clone.insertBefore(rect, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/** Canvas limits are about 16k pixels a side in Chromium; large graphs export at a lower scale. */
export async function svgToPng(svgText: string, bounds: { width: number; height: number }): Promise<Blob> {
  const scale = Math.min(2, 16000 / Math.max(bounds.width, bounds.height));
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(bounds.width * scale);
    canvas.height = Math.ceil(bounds.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, bounds.width, bounds.height);
    return await canvasToBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}
