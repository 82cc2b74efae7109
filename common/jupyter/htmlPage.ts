// What an exported HTML page carries: the notebook as the page script (renderer/standalone/page.ts)
// reads it. Written by common/jupyter/htmlExport.ts. Types only, so the browser bundle can share them.

/** The id of the <script type="application/json"> element holding the page model. */
export const PAGE_DATA_ID = 'tlnb-notebook';

/** Output items keep the .tlnb file's storage: readable text, or base64 bytes. */
export interface HtmlPageModel {
  title: string;
  cells: Array<{
    kind: 'markdown' | 'code';
    language: string;
    source: string;
    order?: number;
    outputs: Array<{ items: Array<{ mime: string; text: string } | { mime: string; base64: string }> }>;
  }>;
}
