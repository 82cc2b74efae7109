// The project's hand-written WebAssembly SIMD kernels (simd/*.wat, assembled into
// simd/*.generated.ts by `npm run build:wasm-kernels`), instantiated on tfjs-backend-wasm's own
// memory so that they read and write tensors where the backend keeps them, without copies. The
// threaded backend's memory is shared; each kernel comes assembled for both kinds of memory.

import { setFlagsFromString } from 'node:v8';
import type { BackendWasm, TensorInfo } from './kernelTools';
import * as gemmWasm from './simd/gemm.generated';

/** The parts of the WebAssembly API used here (the kernel's tsconfig has no DOM types). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Memory: abstract new (...args: never[]) => { buffer: ArrayBufferLike };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WebAssemblyJs = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const compiled = new Map<string, object>();
const instances = new WeakMap<object, Map<string, SimdInstance>>();

let relaxedSimd: string | undefined | null = null;

/**
 * Why the kernels that use relaxed SIMD (gemm.wat's fused multiply-add) cannot run in this process
 * (undefined when they can). Relaxed SIMD is part of WebAssembly 3.0 and on by default from V8 11.4
 * (Node 22); Node 20's V8 has it behind --experimental-wasm-relaxed-simd, which this turns on for
 * the process the first time it is asked, when the product kernel does not validate without it.
 * TLNB_WASM_RELAXED_SIMD=0 keeps such kernels off (products stay with XNNPACK).
 */
export function relaxedSimdUnavailable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['TLNB_WASM_RELAXED_SIMD'] === '0') return 'TLNB_WASM_RELAXED_SIMD=0';
  if (relaxedSimd !== null) return relaxedSimd;
  const bytes = Buffer.from(gemmWasm.WASM_BASE64, 'base64');
  if (!WebAssemblyJs.validate(bytes)) {
    try {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // not Node's V8: the check below says so
    }
  }
  relaxedSimd = WebAssemblyJs.validate(bytes) ? undefined : `this JavaScript engine (V8 ${process.versions.v8}) has no WebAssembly relaxed SIMD`;
  return relaxedSimd;
}

/** A generated module: the kernel assembled for a plain memory and for a shared one. */
export interface SimdModule {
  WASM_BASE64: string;
  WASM_SHARED_BASE64: string;
}

/** A kernel module instantiated on a backend's heap: what a worker needs to run it on the same heap. */
export interface SimdInstance {
  exports: unknown;
  /** The backend's WebAssembly.Memory (shared on the threaded build). */
  memory: object;
  /** The compiled WebAssembly.Module. */
  module: object;
  shared: boolean;
}

/**
 * A generated kernel module instantiated once per wasm backend instance on its memory
 * (env.memory): exported by the one-thread build, created by threadedBackend.ts and shared.
 */
export function simdInstance(backend: BackendWasm, kernel: SimdModule): SimdInstance {
  const wasm = backend.wasm as unknown as { asm?: { memory?: unknown }; wasmMemory?: unknown };
  let byModule = instances.get(wasm);
  if (byModule === undefined) instances.set(wasm, (byModule = new Map()));
  let instance = byModule.get(kernel.WASM_BASE64);
  if (instance === undefined) {
    const memory = wasm.asm?.memory ?? wasm.wasmMemory;
    if (!(memory instanceof WebAssemblyJs.Memory)) {
      throw new Error('tfjs-backend-wasm does not expose its WebAssembly memory (Module.asm.memory); tlnb expects @tensorflow/tfjs-backend-wasm 4.22');
    }
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const base64 = shared ? kernel.WASM_SHARED_BASE64 : kernel.WASM_BASE64;
    let module = compiled.get(base64);
    if (module === undefined) compiled.set(base64, (module = new WebAssemblyJs.Module(Buffer.from(base64, 'base64'))));
    instance = { exports: new WebAssemblyJs.Instance(module, { env: { memory } }).exports, memory, module, shared };
    byModule.set(kernel.WASM_BASE64, instance);
  }
  return instance;
}

/** The exports of a generated kernel module on the backend's heap (see simdInstance). */
export function simdKernels<T>(backend: BackendWasm, kernel: SimdModule): T {
  return simdInstance(backend, kernel).exports as T;
}

/** Where a tensor's data starts on the wasm heap (valid until it is disposed). */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  return (backend.typedArrayFromHeap(info) as Float32Array).byteOffset;
}

/**
 * backend.makeOutput, or a clear error when the heap cannot grow to hold it: tfjs-backend-wasm
 * does not check its malloc, and would hand out address 0, where a kernel's writes corrupt the heap.
 */
export function heapOutput(backend: BackendWasm, shape: number[], dtype: 'float32' | 'int32', what: string): TensorInfo {
  const out = backend.makeOutput(shape, dtype);
  const size = shape.reduce((n, d) => n * d, 1);
  if (size > 0 && heapOffset(backend, out) === 0) {
    backend.disposeData(out.dataId);
    const mib = ((4 * size) / 2 ** 20).toFixed(1);
    throw new Error(`out of WebAssembly memory: ${what} needs ${mib} MiB that the wasm backend's heap cannot grow to hold (at most 4 GiB); dispose tensors that are no longer needed, or train on smaller batches`);
  }
  return out;
}
