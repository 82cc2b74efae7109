// The script of the fine-tune webview panel (dist/finetunePanel.js; the extension's
// extension/finetune/finetunePanel.ts makes the page). It says `ready`, then draws what the
// extension posts: a reset with every message so far (so nothing sent before it loaded is lost),
// then each new message. Drawing waits for the next frame, so a burst of messages draws once.

import { isPanelUpdate, type PanelRequest } from '../../common/finetunePanelMessages';
import { stylesheet } from '../styles';
import { onThemeChange } from '../theme';
import { finetunePanelView, type FinetunePanelView } from './panelView';
import { panelStylesheet } from './panelStyles';
import { initialRunState, reduceRun, replayRun, type RunState } from './runState';

/** Given to a webview's scripts by VS Code (once per page). */
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const host = acquireVsCodeApi();
const request = (message: PanelRequest) => host.postMessage(message);
const actions = { cancel: () => request({ type: 'cancel' }), openReport: () => request({ type: 'openReport' }) };

document.adoptedStyleSheets = [...document.adoptedStyleSheets, stylesheet(), panelStylesheet()];
const root = document.createElement('div');
root.className = 'tlnb finetune-panel';
document.body.append(root);

let view: FinetunePanelView = finetunePanelView(root, actions);
let state: RunState = initialRunState();
let frame: number | undefined;

function draw(): void {
  frame = undefined;
  view.show(state);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const update = event.data;
  if (!isPanelUpdate(update)) return;
  if (update.reset) {
    view.dispose();
    view = finetunePanelView(root, actions);
    state = replayRun(update.messages);
  } else {
    state = update.messages.reduce(reduceRun, state);
  }
  frame ??= requestAnimationFrame(draw);
});
onThemeChange(() => view.retheme());
request({ type: 'ready' });
