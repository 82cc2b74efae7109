/** Copies the kernel's runtime assets (.wasm binaries, dawn.node) into `outdir`; returns the copied paths. */
export declare function copyRuntimeAssets(outdir: string): string[];
export declare const WASM_BINARIES: string[];
