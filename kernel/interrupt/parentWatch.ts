// Ends the kernel when the process that started it (VS Code's extension host, `tlnb run`) is gone.
// The main thread exits on the IPC channel's 'disconnect', but only when its event loop runs: a
// cell that blocks it (`while (true) {}`, a long synchronous computation) would keep an orphaned
// kernel alive for good. This runs on the interrupt worker's thread, which is never blocked: once
// the kernel has a new parent (the old one died and the system adopted the kernel), it gives the
// main thread `graceMs` to exit on its own, then kills the process.

export interface ParentWatchOptions {
  /** process.ppid when the kernel started. */
  parentPid: number;
  /** How often to look (default 500 ms). */
  intervalMs?: number;
  /** How long the main thread has to exit by itself once the parent is gone (default 1000 ms). */
  graceMs?: number;
  /** The current parent pid (default: process.ppid, which Node reads anew each time). */
  currentParent?: () => number;
  /** What ends the process (default: SIGKILL to itself, which works while the main thread is blocked). */
  kill?: () => void;
}

/**
 * Starts watching; returns a function that stops it. Its timer keeps the thread it runs on alive
 * (the interrupt worker, which the kernel has unref'd, so the kernel can still exit by itself).
 */
export function watchParent(options: ParentWatchOptions): () => void {
  const currentParent = options.currentParent ?? (() => process.ppid);
  const kill = options.kill ?? (() => process.kill(process.pid, 'SIGKILL'));
  let grace: NodeJS.Timeout | undefined;
  const timer = setInterval(() => {
    if (currentParent() === options.parentPid) return;
    clearInterval(timer);
    grace = setTimeout(kill, options.graceMs ?? 1000);
  }, options.intervalMs ?? 500);
  return () => {
    clearInterval(timer);
    clearTimeout(grace);
  };
}
