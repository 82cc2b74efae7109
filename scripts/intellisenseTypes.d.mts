/** Writes `outdir`/intellisense-types.json (the notebook IntelliSense's declaration files) unless up to date. */
export declare function writeIntellisenseTypes(outdir: string): { out: string; bytes: number; files?: number; written: boolean };
