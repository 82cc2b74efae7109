// The `images` output: a grid of small canvases, each with its label and prediction and a
// right/wrong mark when both are known.

import type { ImageGridPayload } from '../../common/outputs';
import { h } from '../dom';
import type { OutputView } from '../view';

export function imageGridView(root: HTMLElement, initial: ImageGridPayload): OutputView<ImageGridPayload> {
  const draw = (payload: ImageGridPayload) => {
    const { width, height, channels } = payload;
    const expected = width * height * channels;
    const marked = payload.images.filter((im) => im.label !== undefined && im.prediction !== undefined);
    const correct = marked.filter((im) => im.label === im.prediction).length;
    const facts = [`${payload.images.length}${payload.total ? ` of ${payload.total}` : ''} images`, `${width}×${height}${channels === 3 ? ' RGB' : ''}`];
    if (marked.length > 0) facts.push(`${correct} right`, `${marked.length - correct} wrong`);
    const header = h('div', { class: 'header' }, h('span', { class: 'name' }, payload.title ?? 'Images'), h('span', { class: 'facts' }, facts.join(' · ')));
    // Small images are scaled up (pixelated) to a readable size; big ones shown near native size.
    const cellSize = Math.max(72, Math.min(160, width * 3));
    const grid = h('div', { class: 'grid', style: `--cell: ${cellSize}px` });
    payload.images.forEach((image, index) => {
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
      grid.append(
        h(
          'figure',
          { class: `cell${known ? (right ? ' correct' : ' wrong') : ''}`, title, style: 'margin:0' },
          canvas,
          caption.childNodes.length ? caption : undefined,
        ),
      );
    });
    root.replaceChildren(header, grid);
  };
  draw(initial);
  return { update: draw, retheme: () => undefined, dispose: () => undefined };
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
