export const REPO: string;
export const SAMPLES_DIR: string;
export function sampleFiles(): string[];
export interface SampleRun {
  /** tlnb's exit status: 0 every cell ran, 1 a cell failed, 2 a file error; null when killed after the timeout. */
  status: number | null;
  seconds: number;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** The temporary folder, and the executed copy of the notebook in it. */
  dir: string;
  copy: string;
  remove(): void;
}
export function runSampleCopy(file: string, options?: { timeoutMs?: number; echo?: boolean; backend?: string; env?: Record<string, string> }): Promise<SampleRun>;
