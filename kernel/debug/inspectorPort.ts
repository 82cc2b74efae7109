// Answers the client's `debugger` request (common/protocol.ts): opens the kernel's inspector on a
// free port of 127.0.0.1 (never another interface) for VS Code's JavaScript debugger, or closes it.
// The kernel's own in-process inspector Session (repl/replEvaluator.ts) works alongside it.

import * as inspector from 'node:inspector';
import { errorMessage } from '../../common/guards';
import type { DebuggerRequest, KernelMessage } from '../../common/protocol';

export function answerDebuggerRequest(request: DebuggerRequest, send: (message: KernelMessage) => void): void {
  try {
    if (request.open) {
      // Port 0: the system picks a free port. Already open (a second Debug Cell): the same URL.
      if (!inspector.url()) inspector.open(0, '127.0.0.1', false);
      const url = inspector.url();
      if (!url) throw new Error('the inspector did not open (is the kernel\'s Node built without it?)');
      send({ type: 'reply', id: request.id, debugger: { url } });
    } else {
      if (inspector.url()) inspector.close();
      send({ type: 'reply', id: request.id, debugger: {} });
    }
  } catch (error) {
    send({ type: 'reply', id: request.id, error: `could not ${request.open ? 'open' : 'close'} the kernel's inspector for the debugger: ${errorMessage(error)}` });
  }
}
