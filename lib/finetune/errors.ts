// One error type for everything a fine-tune refuses, so that the CLI, the wizard and a notebook
// all show the same three parts: what is wrong, where (the file, when there is one), how to fix it.

export type FinetuneProblem =
  | 'data-source'
  | 'csv'
  | 'csv-non-numeric'
  | 'idx'
  | 'image-corrupt'
  | 'image-folder'
  | 'empty-class'
  | 'label-range'
  | 'too-few-examples'
  | 'not-layers-model'
  | 'model-load'
  | 'input-shape'
  | 'output-layer'
  | 'settings'
  | 'output-folder'
  | 'nan-loss';

export class FinetuneError extends Error {
  constructor(
    /** A stable name for the kind of problem, for callers that react to it (the wizard re-asks that step). */
    readonly problem: FinetuneProblem,
    /** What is wrong, in one sentence. */
    readonly what: string,
    /** How to fix it, in one sentence. */
    readonly fix: string,
    /** The file or folder at fault, when there is one. */
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${what}\n  how to fix: ${fix}`);
    this.name = 'FinetuneError';
  }
}
