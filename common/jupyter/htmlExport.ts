// tlnb notebook -> one self-contained HTML file that shows it without VS Code: the notebook as a
// small JSON document, and the standalone page script (dist/standalone.js, built from
// renderer/standalone/page.ts) that draws the cells and outputs with the renderer's own views.
// Pure: the caller reads the script and writes the file.

import { encodeItemData } from '../format/itemData';
import type { NotebookFile } from '../format';
import { PAGE_DATA_ID, type HtmlPageModel } from './htmlPage';

export function pageModel(notebook: NotebookFile, title: string): HtmlPageModel {
  return {
    title,
    cells: notebook.cells.map((cell) => ({
      kind: cell.kind,
      language: cell.language,
      source: cell.source,
      ...(cell.execution?.order !== undefined ? { order: cell.execution.order } : {}),
      outputs: cell.outputs.map((output) => ({ items: output.items.map((item) => ({ mime: item.mime, ...encodeItemData(item.mime, item.data) })) })),
    })),
  };
}

/** The HTML document. `pageScript` is the text of dist/standalone.js. */
export function notebookHtml(notebook: NotebookFile, title: string, pageScript: string): string {
  // "<" escaped inside both scripts, so no text in the notebook or the bundle can end them early
  // (HTML ends a script at "</script", and "<!--" then "<script" change how it finds that end).
  // The bundle's occurrences are in string and regex literals, where \x3C reads as "<".
  const data = JSON.stringify(pageModel(notebook, title)).replace(/</g, '\\u003c');
  const script = pageScript.replace(/<(?=\/?script|!--)/gi, '\\x3C');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="tlnb export">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body>',
    `<noscript>This page draws the notebook "${escapeHtml(title)}" with JavaScript; allow scripts to see it.</noscript>`,
    `<script type="application/json" id="${PAGE_DATA_ID}">${data}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
