// The `images` output: a grid of small canvases, each with its label and prediction and a
// right/wrong mark when both are known.

import type { ImageGridPayload } from '../../common/outputs';
import { button, h } from '../dom';
import { formatInteger } from '../format';
import type { OutputView } from '../view';

/** Images drawn at first, and added per "Show more": each is a canvas and a caption (about 5 elements). */
export const IMAGE_PAGE = 500;

export function imageGridView(root: HTMLElement, initial: ImageGridPayload): OutputView<ImageGridPayload> {
  const draw = (payload: ImageGridPayload) => {
    const { width, height, channels } = payload;
    const expected = width * height * channels;
    // Counted over every image, drawn or not (a loop: no intermediate arrays of 50,000).
    let marked = 0;
    let correct = 0;
    for (const im of payload.images) {
      if (im.label === undefined || im.prediction === undefined) continue;
      marked++;
      if (im.label === im.prediction) correct++;
    }
    const facts = [`${formatInteger(payload.images.length)}${payload.total ? ` of ${formatInteger(payload.total)}` : ''} images`, `${width}×${height}${channels === 3 ? ' RGB' : ''}`];
    if (marked > 0) facts.push(`${correct} right`, `${marked - correct} wrong`);
    const header = h('div', { class: 'header' }, h('span', { class: 'name' }, payload.title ?? 'Images'), h('span', { class: 'facts' }, facts.join(' · ')));
    // Small images are scaled up (pixelated) to a readable size; big ones shown near native size.
    const cellSize = Math.max(72, Math.min(160, width * 3));
    const grid = h('div', { class: 'grid', style: `--cell: ${cellSize}px` });
    let shown = 0;
    const more = h('div', { class: 'more' });
    /** Draws the next page of images; the rest wait for "Show more" (the payload keeps them all). */
    const showMore = () => {
      const end = Math.min(payload.images.length, shown + IMAGE_PAGE);
      const cells: HTMLElement[] = [];
      for (let index = shown; index < end; index++) cells.push(imageCell(payload.images[index]!, index, width, height, channels, expected));
      grid.append(...cells);
      shown = end;
      const rest = payload.images.length - shown;
      if (rest === 0) return more.remove();
      more.replaceChildren(
        h('span', {}, `${formatInteger(rest)} more images not shown`),
        button(`Show ${formatInteger(Math.min(IMAGE_PAGE, rest))} more`, `Draw the next ${Math.min(IMAGE_PAGE, rest)} images`, showMore),
      );
    };
    showMore();
    root.replaceChildren(header, grid, ...(shown < payload.images.length ? [more] : []));
  };
  draw(initial);
  return { update: draw, retheme: () => undefined, dispose: () => undefined };
}

function imageCell(image: ImageGridPayload['images'][number], index: number, width: number, height: number, channels: 1 | 3, expected: number): HTMLElement {
  const bytes = decodeBase64(image.pixels);
  if (bytes.length !== expected) {
    throw new Error(`image ${index} has ${bytes.length} bytes; ${width}×${height}×${channels} needs ${expected}.`);
  }
  const canvas = h('canvas', { width, height, 'aria-label': `image ${index}` });
  canvas.getContext('2d')!.putImageData(toImageData(bytes, width, height, channels), 0, 0);
  const known = image.label !== undefined && image.prediction !== undefined;
  const right = known && image.label === image.prediction;
  const caption = h('div', { class: 'caption' });
  if (known) caption.append(h('span', { class: 'mark' }, right ? '✓' : '✗'));
  if (image.label !== undefined) caption.append(h('span', { class: 'label' }, image.label));
  if (image.prediction !== undefined && !(known && right)) {
    caption.append(h('span', { class: 'pred' }, `${image.label !== undefined ? ' → ' : ''}${image.prediction}`));
  }
  const title = [image.label !== undefined ? `label ${image.label}` : '', image.prediction !== undefined ? `predicted ${image.prediction}` : '']
    .filter(Boolean)
    .join(', ');
  return h(
    'figure',
    { class: `cell${known ? (right ? ' correct' : ' wrong') : ''}`, title, style: 'margin:0' },
    canvas,
    caption.childNodes.length ? caption : undefined,
  );
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toImageData(bytes: Uint8Array, width: number, height: number, channels: 1 | 3): ImageData {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const r = bytes[p * channels]!;
    rgba[p * 4] = r;
    rgba[p * 4 + 1] = channels === 3 ? bytes[p * 3 + 1]! : r;
    rgba[p * 4 + 2] = channels === 3 ? bytes[p * 3 + 2]! : r;
    rgba[p * 4 + 3] = 255;
  }
  return new ImageData(rgba, width, height);
}
