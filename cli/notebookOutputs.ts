// Builds a cell's saved outputs (common/format) from an execution's events, the way VS Code's
// notebook would: consecutive writes to one stream join one output, displays are outputs that
// their updates replace, an error is VS Code's error item. Pure.

import { decodeItemData, type OutputFile, type OutputItemFile } from '../common/format';
import type { ExecutionEvent } from '../common/node/kernelClient';
import type { CellErrorInfo, OutputItem } from '../common/protocol';

/** The MIME types VS Code uses for stream text and errors, so saved notebooks open alike. */
export const STREAM_MIME = { stdout: 'application/vnd.code.notebook.stdout', stderr: 'application/vnd.code.notebook.stderr' } as const;
export const ERROR_MIME = 'application/vnd.code.notebook.error';

const utf8 = new TextEncoder();

export class CellOutputs {
  readonly outputs: OutputFile[] = [];
  private readonly byDisplayId = new Map<string, OutputFile>();

  add(event: ExecutionEvent): void {
    switch (event.type) {
      case 'stream': {
        const mime = STREAM_MIME[event.name];
        const last = this.outputs.at(-1);
        const item = last?.items.length === 1 && last.items[0]!.mime === mime ? last.items[0]! : undefined;
        if (item) item.data = concat(item.data, utf8.encode(event.text));
        else this.outputs.push(output([{ mime, data: utf8.encode(event.text), extra: {} }]));
        return;
      }
      case 'display': {
        const made = output(event.items.map(toItem));
        this.byDisplayId.set(event.displayId, made);
        this.outputs.push(made);
        return;
      }
      case 'update-display': {
        const existing = this.byDisplayId.get(event.displayId);
        if (existing) existing.items = event.items.map(toItem);
        return;
      }
      case 'error':
        this.outputs.push(errorOutput(event.error));
        return;
    }
  }
}

export function errorOutput(error: CellErrorInfo): OutputFile {
  return output([{ mime: ERROR_MIME, data: utf8.encode(JSON.stringify(error)), extra: {} }]);
}

function output(items: OutputItemFile[]): OutputFile {
  return { metadata: {}, items, extra: {} };
}

function toItem(item: OutputItem): OutputItemFile {
  return { mime: item.mime, data: decodeItemData(item), extra: {} };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
