// The kernel's interrupt worker (bundled as dist/kernelInterrupt.js, runs on its own thread).
// It reads interrupt requests from the interrupt pipe, which works while the main thread is stuck
// in a cell. It first asks the main thread to interrupt (stop a fit at the next batch, abandon a
// pending promise); if the main thread does not answer within graceMs, it is running JavaScript
// that does not yield (`while (true) {}`), and the worker terminates that JavaScript through the
// inspector (`Runtime.terminateExecution`). Termination unwinds only the running code: globals,
// variables declared by earlier cells and loaded modules all survive.

import { errorMessage } from '../../common/guards';
import { Session } from 'node:inspector';
import { Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { isClientMessage } from '../../common/protocol';
import { STATE_SLOTS, type InterruptNotice, type InterruptWorkerData, type WorkerNotice } from './interruptState';
import { watchParent } from './parentWatch';

// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- set by kernel/main.ts, which checks it with `satisfies InterruptWorkerData`
const { state, graceMs, fd, parentPid } = workerData as InterruptWorkerData;
const port = parentPort!;
const post = (notice: WorkerNotice) => port.postMessage(notice);

function interrupt(request: InterruptNotice): void {
  if (Atomics.load(state, STATE_SLOTS.running) !== 1) return;
  const seq = Atomics.load(state, STATE_SLOTS.seq);
  const ack = Atomics.load(state, STATE_SLOTS.ack);
  post(request);
  if (Atomics.wait(state, STATE_SLOTS.ack, ack, graceMs) !== 'timed-out') return;
  if (Atomics.load(state, STATE_SLOTS.running) !== 1 || Atomics.load(state, STATE_SLOTS.seq) !== seq) return;
  // Connected only for this: a session left connected makes Node wait for it when the kernel exits.
  const session = new Session();
  session.connectToMainThread();
  Atomics.store(state, STATE_SLOTS.terminatedSeq, seq);
  session.post('Runtime.terminateExecution', (error) => {
    session.disconnect();
    if (error) return post({ type: 'log', text: `could not terminate the running cell: ${error.message}` });
    // Sent twice: should the main thread have gone idle just as the termination was requested,
    // the termination ends the first JavaScript to run next, which may be the first notice's handler.
    post({ type: 'terminated', seq });
    setTimeout(() => post({ type: 'terminated', seq }), 100);
  });
}

try {
  const pipe = new Socket({ fd, readable: true, writable: false });
  let buffered = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        post({ type: 'log', text: `ignored a line on the interrupt pipe that is not JSON: ${line.slice(0, 80)}` });
        continue;
      }
      if (isClientMessage(message) && message.type === 'interrupt') interrupt({ type: 'interrupt', ...(message.id ? { id: message.id } : {}) });
    }
  });
  pipe.on('error', (error) => post({ type: 'log', text: `interrupt pipe: ${error.message}` }));
} catch (error) {
  post({
    type: 'log',
    text: `no interrupt pipe at stdio ${fd} (${errorMessage(error)}): interrupts arrive over IPC only and cannot stop a cell that blocks the main thread`,
  });
}

// An orphaned kernel ends even while a cell blocks the main thread.
watchParent({ parentPid });
