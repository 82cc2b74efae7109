// Runs `tlnb finetune` (dist/cli.js) as a child process, so that training never blocks or crashes
// VS Code's extension host, and reads its output: JSON progress events (TLNB_PROGRESS=json,
// common/finetuneProgress.ts) and lines for people. Node only, no VS Code: tested on its own.

import { spawn } from 'node:child_process';
import { PROGRESS_ENV, parseProgressLine, type FinetuneEvent } from '../../common/finetuneProgress';

export interface FinetuneProcessOptions {
  /** dist/cli.js. */
  cliPath: string;
  /** The Node (or Electron run as Node) to start it with. */
  nodePath: string;
  /** The arguments after "finetune" (finetuneArgv). */
  argv: string[];
  cwd?: string;
}

export interface FinetuneListeners {
  onEvent?(event: FinetuneEvent): void;
  /** Every line of output that is not an event, stderr's included, for the log. */
  onLine?(line: string, stream: 'stdout' | 'stderr'): void;
}

export interface FinetuneExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the CLI wrote to stderr. */
  stderr: string;
  /** The CLI's last result event (absent when it refused the input or failed). */
  result?: Extract<FinetuneEvent, { type: 'result' }>;
  /** The CLI's refusal (bad input, a NaN loss) with the problem's name, when it refused the run. */
  refused?: Extract<FinetuneEvent, { type: 'refused' }>;
  /** Set when the process could not be started at all. */
  startError?: string;
}

export interface FinetuneProcess {
  /** Asks the CLI to stop at the next batch (SIGINT, as Ctrl+C does); it then saves nothing and exits 130. */
  cancel(): void;
  readonly done: Promise<FinetuneExit>;
}

/** Calls `onLine` for each whole line written to a stream, keeping a partial last line for later. */
function lineReader(onLine: (line: string) => void): { push(text: string): void; end(): void } {
  let pending = '';
  return {
    push(text) {
      pending += text;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    },
    end() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}

export function startFinetuneProcess(options: FinetuneProcessOptions, listeners: FinetuneListeners = {}): FinetuneProcess {
  const child = spawn(options.nodePath, [options.cliPath, 'finetune', ...options.argv], {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    // ELECTRON_RUN_AS_NODE makes VS Code's own binary behave as Node (desktop VS Code).
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', [PROGRESS_ENV.name]: PROGRESS_ENV.json },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let result: FinetuneExit['result'];
  let refused: FinetuneExit['refused'];
  const stdoutLines = lineReader((line) => {
    const event = parseProgressLine(line);
    if (!event) return listeners.onLine?.(line, 'stdout');
    if (event.type === 'result') result = event;
    if (event.type === 'refused') refused = event;
    listeners.onEvent?.(event);
  });
  const stderrLines = lineReader((line) => listeners.onLine?.(line, 'stderr'));
  child.stdout.setEncoding('utf8').on('data', (text: string) => stdoutLines.push(text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    stderrLines.push(text);
  });
  const done = new Promise<FinetuneExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, stderr, startError: `could not start ${options.nodePath}: ${error.message}` }));
    // 'close' (not 'exit') waits for the pipes to drain, so the last lines are read.
    child.once('close', (code, signal) => {
      stdoutLines.end();
      stderrLines.end();
      resolve({ code, signal, stderr, ...(result ? { result } : {}), ...(refused ? { refused } : {}) });
    });
  });
  return {
    cancel: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    },
    done,
  };
}

/**
 * The CLI's error message for a notification: the last "tlnb finetune: …" report on stderr, its
 * "how to fix" line joined on, or else the end of stderr, or else how the process ended.
 */
export function finetuneErrorMessage(exit: FinetuneExit): string {
  if (exit.startError) return exit.startError;
  const text = exit.stderr.trim();
  const at = text.lastIndexOf('tlnb finetune: ');
  if (at >= 0) {
    const [first = '', ...rest] = text.slice(at + 'tlnb finetune: '.length).split(/\r?\n/);
    const fix = rest.map((l) => l.trim()).find((l) => l.startsWith('how to fix:'));
    // An unexpected error carries a stack trace: its first line says what happened.
    return fix ? `${first.trim()} (${fix})` : first.trim();
  }
  const how = exit.signal ? `it was stopped by ${exit.signal}` : `it exited with code ${exit.code}`;
  const tail = text.split(/\r?\n/).slice(-3).join(' | ');
  return tail ? `${how}: ${tail}` : how;
}
