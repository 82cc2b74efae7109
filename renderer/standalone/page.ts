// The script of an exported HTML notebook (common/jupyter/htmlExport.ts): reads the notebook from
// the page and draws it, each tlnb output with the same view the notebook renderer uses in VS Code,
// markdown with markdown-it (raw HTML in markdown is shown as text), other outputs as VS Code's
// built-in renderers would: the richest MIME type first.

import { isRecord } from '../../common/guards';
import MarkdownIt from 'markdown-it';
import { PAGE_DATA_ID, type HtmlPageModel } from '../../common/jupyter/htmlPage';
import { MIME } from '../../common/outputs';
import { h } from '../dom';
import { checkPayload } from '../payloadVersion';
import { mountView, shadowOf, showError } from '../viewFactories';
import { PAGE_CSS } from './pageStyles';

type Item = HtmlPageModel['cells'][number]['outputs'][number]['items'][number];

const TLNB_MIMES = new Set<string>(Object.values(MIME));
/** Preference when an output has several representations, richest first. */
const ORDER = [
  ...Object.values(MIME),
  'application/vnd.code.notebook.error',
  'text/html',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/markdown',
  'application/json',
  'application/vnd.code.notebook.stdout',
  'application/vnd.code.notebook.stderr',
  'text/plain',
];

const markdown = new MarkdownIt({ html: false, linkify: true });

function main(): void {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the page's own data, written into this same file by common/jupyter/htmlPage.ts
  const model = JSON.parse(document.getElementById(PAGE_DATA_ID)!.textContent!) as HtmlPageModel;
  document.head.append(h('style', {}, PAGE_CSS));
  const main = h('main', {}, h('div', { class: 'nb-title' }, `${model.title} · exported from tlnb`));
  document.body.append(main);
  for (const cell of model.cells) {
    if (cell.kind === 'markdown') {
      const div = h('div', { class: 'cell markdown' });
      div.innerHTML = markdown.render(cell.source);
      main.append(div);
      continue;
    }
    const outputs = h('div', { class: 'outputs' });
    main.append(
      h(
        'div',
        { class: 'cell code', 'data-language': cell.language },
        h('div', { class: 'code-row' }, h('div', { class: 'prompt' }, `[${cell.order ?? ' '}]:`), h('pre', { class: 'source' }, h('code', {}, cell.source))),
        cell.outputs.length ? outputs : undefined,
      ),
    );
    for (const output of cell.outputs) {
      const element = h('div', { class: 'output' });
      outputs.append(element);
      const item = pick(output.items);
      if (item) drawItem(element, item, output.items);
    }
  }
  document.body.dataset.ready = 'true';
}

function pick(items: Item[]): Item | undefined {
  for (const mime of ORDER) {
    const item = items.find((i) => i.mime === mime);
    if (item) return item;
  }
  return items.find((i) => i.mime.startsWith('text/')) ?? items[0];
}

function drawItem(element: HTMLElement, item: Item, all: Item[]): void {
  element.dataset.mime = item.mime;
  const text = () => ('text' in item ? item.text : new TextDecoder().decode(bytes(item.base64)));
  try {
    if (TLNB_MIMES.has(item.mime)) {
      mountView(element, item.mime, checkPayload(item.mime, JSON.parse(text())));
    } else if (item.mime === 'application/vnd.code.notebook.error') {
      const error: unknown = JSON.parse(text());
      const stack = isRecord(error) && typeof error.stack === 'string' && error.stack ? error.stack : undefined;
      element.append(h('pre', { class: 'error' }, stack ?? `${isRecord(error) ? String(error.name) : 'Error'}: ${isRecord(error) ? String(error.message) : String(error)}`));
    } else if (item.mime === 'text/html') {
      // In a shadow root of its own, so its styles stay inside; scripts in it do not run.
      shadowOf(element).innerHTML = text();
    } else if (item.mime.startsWith('image/')) {
      const src = item.mime === 'image/svg+xml' || 'text' in item ? `data:${item.mime};charset=utf-8,${encodeURIComponent(text())}` : `data:${item.mime};base64,${item.base64}`;
      const plain = all.find((i) => i.mime === 'text/plain');
      element.append(h('img', { src, alt: plain && 'text' in plain ? plain.text : item.mime }));
    } else if (item.mime === 'text/markdown') {
      const div = h('div', { class: 'cell markdown' });
      div.innerHTML = markdown.render(text());
      element.append(div);
    } else if (item.mime === 'application/json') {
      element.append(h('pre', {}, JSON.stringify(JSON.parse(text()), null, 2)));
    } else {
      element.append(h('pre', { class: item.mime.endsWith('stderr') ? 'stderr' : '' }, text()));
    }
  } catch (error) {
    showError(element, error);
  }
}

function bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

main();
