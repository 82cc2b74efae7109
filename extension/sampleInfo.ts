// What the sample picker shows for a notebook: pure, so it is tested without VS Code.

import { parseNotebook } from '../common/format';

export interface SampleInfo {
  file: string;
  title: string;
  /** The document's original (Chinese) chapter heading, when the notebook keeps one. */
  subtitle?: string;
}

/** Reads a sample's title and original heading from its first markdown cell. */
export function describeSample(file: string, text: string): SampleInfo {
  const first = parseNotebook(text).cells.find((c) => c.kind === 'markdown');
  const lines = (first?.source ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const title = lines[0]?.replace(/^#+\s*/, '') ?? file;
  const subtitle = lines.slice(1).find((l) => /[\u4e00-\u9fff]/.test(l))?.replace(/^[#>*_\s]+|[*_\s]+$/g, '');
  return subtitle ? { file, title, subtitle } : { file, title };
}
