// What the status bar says about a kernel's memory: live tensors and, on a GPU rung that reports
// it, the GPU memory the backend really holds (common/protocol.ts MemoryMessage). Pure, so that
// the extension's status bar and the tests share one wording.

import type { MemoryMessage } from './protocol';

/** "1.5 MB": bytes in mebibytes, one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The status bar's memory part (" · 12 tensors · GPU 48.0 MB", appended to the backend's name)
 * and the tooltip's lines about memory. On the webgpu rung the figure shown is the GPU memory the
 * backend holds (its pool of free buffers included), not the tensors' own size.
 */
export function memorySummary(memory: MemoryMessage | undefined): { text: string; tooltip: string } {
  if (memory === undefined) return { text: '', tooltip: '' };
  const lines: string[] = [];
  let text = '';
  if (memory.numTensors !== undefined) {
    text += ` · ${memory.numTensors} tensors`;
    if (memory.gpuBytesHeld !== undefined) {
      text += ` · GPU ${megabytes(memory.gpuBytesHeld)}`;
      lines.push(
        `GPU memory held by the ${memory.backend ?? ''} backend: ${megabytes(memory.gpuBytesHeld)}` +
          (memory.gpuBytesInUse !== undefined ? ` (${megabytes(memory.gpuBytesInUse)} in buffers in use, the rest pooled for reuse)` : ''),
      );
    } else {
      text += ` · ${megabytes(memory.tensorBytes ?? 0)}`;
    }
    lines.push(`Live tensors: ${memory.numTensors}, ${megabytes(memory.tensorBytes ?? 0)} of values`);
  }
  lines.push(`Kernel process: ${megabytes(memory.rssBytes)} resident, ${megabytes(memory.heapUsedBytes)} JavaScript heap`);
  return { text, tooltip: lines.join('\n') };
}
