/** The generated TypeScript module (WASM_BASE64) for one .wat source. */
export declare function generatedModule(watPath: string): Promise<string>;
/** The .wat sources under lib/backends/wasm/simd/. */
export declare function sources(): string[];
/** Where the generated module of a .wat source lives. */
export declare function generatedPath(watPath: string): string;
export declare const SIMD_DIR: string;
