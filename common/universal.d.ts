// The few globals that every runtime tlnb runs in (Node, the extension host, the renderer's webview)
// provides, declared for common/, which is type-checked without Node's or the DOM's types so that
// nothing runtime-specific slips in.

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
