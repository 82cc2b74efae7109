// State shared between the kernel's main thread and its interrupt worker (interruptWorker.ts),
// in a SharedArrayBuffer so the worker can read it while the main thread is blocked.

export const STATE_SLOTS = {
  /** 1 while an execution is in progress (its synchronous part or its awaits), else 0. */
  running: 0,
  /** Sequence number of the execution in progress. */
  seq: 1,
  /** Bumped by the main thread when it has handled an interrupt message (the worker waits on it). */
  ack: 2,
  /** Set by the worker to the execution's seq just before it terminates that execution. */
  terminatedSeq: 3,
} as const;

export function createInterruptState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Object.keys(STATE_SLOTS).length * Int32Array.BYTES_PER_ELEMENT));
}

/** Worker -> main: an interrupt arrived on the pipe; handle it (and bump `ack`). */
export interface InterruptNotice {
  type: 'interrupt';
  /** The execution to interrupt (absent: whatever runs). */
  id?: string;
}

/** Worker -> main: the execution `seq` was terminated while blocking the main thread. */
export interface TerminatedNotice {
  type: 'terminated';
  seq: number;
}

export interface WorkerLog {
  type: 'log';
  text: string;
}

export type WorkerNotice = InterruptNotice | TerminatedNotice | WorkerLog;

export interface InterruptWorkerData {
  state: Int32Array;
  /** How long the main thread has to answer an interrupt before its JavaScript is terminated. */
  graceMs: number;
  /** The stdio index of the interrupt pipe. */
  fd: number;
  /** The kernel's parent when it started: the worker ends the kernel once that process is gone (parentWatch.ts). */
  parentPid: number;
}
