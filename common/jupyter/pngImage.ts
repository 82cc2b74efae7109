// A PNG that Jupyter can show in place of tlnb's image-grid output: the images side by side on a
// white background, enlarged when small. The encoder is minimal and pure (RGB, 8 bits, deflate
// "stored" blocks with no compression), so it runs anywhere common/ runs; image grids are small.

import { base64ToBytes } from '../base64';
import type { ImageGridPayload } from '../outputs';

const GAP = 4;
const COLUMNS = 8;

/** The grid as RGB pixels, `scale`× nearest-neighbour for images smaller than 56 pixels. */
export function imageGridPng(payload: ImageGridPayload): Uint8Array {
  const { width, height, channels, images } = payload;
  const scale = Math.max(1, Math.min(4, Math.floor(56 / Math.max(width, height))));
  const cellW = width * scale;
  const cellH = height * scale;
  const columns = Math.max(1, Math.min(COLUMNS, images.length));
  const rows = Math.max(1, Math.ceil(images.length / columns));
  const outW = columns * cellW + (columns + 1) * GAP;
  const outH = rows * cellH + (rows + 1) * GAP;
  const rgb = new Uint8Array(outW * outH * 3).fill(255);
  const expected = width * height * channels;
  images.forEach((image, index) => {
    const pixels = base64ToBytes(image.pixels);
    if (pixels.length !== expected) throw new Error(`image ${index} has ${pixels.length} bytes; ${width}×${height}×${channels} needs ${expected}`);
    const left = GAP + (index % columns) * (cellW + GAP);
    const top = GAP + Math.floor(index / columns) * (cellH + GAP);
    for (let y = 0; y < cellH; y++) {
      for (let x = 0; x < cellW; x++) {
        const source = (Math.floor(y / scale) * width + Math.floor(x / scale)) * channels;
        const target = ((top + y) * outW + left + x) * 3;
        rgb[target] = pixels[source]!;
        rgb[target + 1] = pixels[source + (channels === 3 ? 1 : 0)]!;
        rgb[target + 2] = pixels[source + (channels === 3 ? 2 : 0)]!;
      }
    }
  });
  return encodePng(outW, outH, rgb);
}

/** An 8-bit RGB PNG of `rgb` (width*height*3 bytes, row-major). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (rgb.length !== width * height * 3) throw new Error(`encodePng: ${width}×${height} RGB needs ${width * height * 3} bytes, got ${rgb.length}`);
  // Each scanline starts with filter type 0 (none).
  const raw = new Uint8Array(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** zlib stream of "stored" deflate blocks (at most 65,535 bytes each) and the Adler-32 checksum. */
function zlibStored(data: Uint8Array): Uint8Array {
  const blocks: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  for (let offset = 0; offset < data.length || offset === 0; offset += 0xffff) {
    const part = data.subarray(offset, offset + 0xffff);
    const last = offset + 0xffff >= data.length ? 1 : 0;
    blocks.push(new Uint8Array([last, part.length & 0xff, part.length >> 8, ~part.length & 0xff, (~part.length >> 8) & 0xff]), part);
    if (data.length === 0) break;
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  blocks.push(u32((b << 16) | a));
  return concat(blocks);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new TextEncoder().encode(type), data]);
  return concat([u32(data.length), typed, u32(crc32(typed))]);
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

