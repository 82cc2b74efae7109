// What the fine-tune panel has been told, kept so that a webview that is not listening yet (just
// created, or reloaded) gets all of it: messages before `ready` are held, and every `ready` is
// answered with the whole run from its start. No VS Code here: `post` is the webview's postMessage.

import type { PanelMessage, PanelUpdate } from '../../common/finetunePanelMessages';

export class PanelFeed {
  private readonly messages: PanelMessage[] = [];
  private listening = false;

  constructor(private readonly post: (update: PanelUpdate) => void) {}

  /** Keeps `message`, and sends it now if the webview listens. */
  push(message: PanelMessage): void {
    this.messages.push(message);
    if (this.listening) this.post({ type: 'tlnb.finetune.update', reset: false, messages: [message] });
  }

  /** The webview's script (re)started: it gets everything so far, then each new message. */
  ready(): void {
    this.listening = true;
    this.post({ type: 'tlnb.finetune.update', reset: true, messages: this.messages.slice() });
  }

  /** A new run in the same panel: forget the last one. */
  restart(): void {
    this.messages.length = 0;
    if (this.listening) this.post({ type: 'tlnb.finetune.update', reset: true, messages: [] });
  }

  /** Every message of the run, in order. */
  history(): readonly PanelMessage[] {
    return this.messages;
  }
}
