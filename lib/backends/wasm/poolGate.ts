// Small kernels on the calling thread, on the threaded wasm build.
//
// tfjs's threaded build hands every XNNPACK operator its thread pool, whatever the operator's
// size, and waking the pool's sleeping workers costs 0.1–0.5 ms, while a [128,10] broadcast
// Multiply computes in 6 µs (docs/benchmarks/backends.md). A training step runs ~100 such kernels,
// so two threads lost more than the big products gained. XNNPACK runs an operator on the calling
// thread when it is given no pool, and the build reads its pool from one C++ global
// (`tfjs::backend::threadpool`) on every call. This module finds that global's address in the
// binary (the body of the exported `get_threads_count`, which loads it), checks the address by
// switching it (get_threads_count answers -1 without a pool), and wraps every wasm kernel so that a
// kernel whose work is below a threshold runs with the global set to 0 for its duration.
// If the binary is not the expected one, nothing is switched and every kernel keeps the pool.

import * as tf from '@tensorflow/tfjs';
import { sizeOf, type Attrs, type BackendWasm, type KernelInputs, type TensorInfo, type WasmKernelFunc } from './kernelTools';

/**
 * Below this many multiply-adds a product or convolution runs on the calling thread; below
 * this many input elements any other kernel does: where the pool started to pay in `npm run
 * bench:pool-gate` on the 2-core machine (docs/benchmarks/backends.md); TLNB_WASM_POOL_MIN_WORK overrides
 * both (0: every kernel on the pool, as the build ships; tests use it to cover the pool path).
 */
export const DEFAULT_MIN_MACS = 2_000_000;
export const DEFAULT_MIN_ELEMENTS = 512 * 1024;

const GATED = Symbol.for('tlnb.poolGated');

interface Gate {
  /** A view of the module's memory holding the pool pointer at `index`. */
  heap: Int32Array;
  index: number;
  minMacs: number;
  minElements: number;
}

const gates = new WeakMap<object, Gate>();
/** Why a backend's small kernels keep the pool, for the rung's report. */
const ungated = new WeakMap<object, string>();

/** How small kernels run on `backend`: a phrase for the rung's report. */
export function poolGateSummary(backend: object): string {
  const gate = gates.get(backend);
  if (gate !== undefined) return 'small kernels on the calling thread';
  return `every kernel on the pool: ${ungated.get(backend) ?? 'not the threaded build'}`;
}

/** A cursor over a WebAssembly binary; reading past the end throws. */
class Reader {
  constructor(readonly bytes: Uint8Array, public pos = 0) {}

  byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new Error('truncated');
    return b;
  }

  /** An unsigned LEB128. */
  uleb(): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
  }

  /** A signed 32-bit LEB128. */
  sleb32(): number {
    let value = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      value |= (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) !== 0 && shift < 35);
    return shift < 32 && (b & 0x40) !== 0 ? value | (-1 << shift) : value;
  }

  skip(n: number): void {
    this.pos += n;
  }

  name(): string {
    const len = this.uleb();
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return text;
  }

  /** A table's or memory's limits: flags, minimum, and a maximum when flagged. */
  limits(): void {
    const flags = this.byte();
    this.uleb();
    if (flags & 1) this.uleb();
  }
}

/**
 * The address of the global that `exportName`'s body loads first (`i32.const A; i32.load`), read
 * from a WebAssembly binary; undefined when the binary has no such export, its body starts
 * differently, or it is malformed. Only the import, export and code sections are read.
 */
export function loadedGlobalAddress(binary: Uint8Array, exportName: string): number | undefined {
  try {
    return readLoadedGlobalAddress(new Reader(binary), exportName);
  } catch {
    return undefined; // truncated or malformed
  }
}

function readLoadedGlobalAddress(r: Reader, exportName: string): number | undefined {
  const magic = [0, 0x61, 0x73, 0x6d];
  if (!magic.every((b) => r.byte() === b)) return undefined;
  r.skip(4); // version
  let importedFunctions = 0;
  let funcIndex: number | undefined;
  while (r.pos < r.bytes.length) {
    const id = r.byte();
    const end = r.uleb() + r.pos;
    if (end > r.bytes.length) return undefined;
    if (id === 2) {
      // Imported functions come first in the function index space.
      for (let i = r.uleb(); i > 0; i--) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) {
          importedFunctions++;
          r.uleb(); // type index
        } else if (kind === 1) {
          r.byte(); // element type
          r.limits();
        } else if (kind === 2) {
          r.limits();
        } else if (kind === 3) {
          r.skip(2); // value type, mutability
        } else {
          return undefined;
        }
      }
    } else if (id === 7) {
      for (let i = r.uleb(); i > 0; i--) {
        const name = r.name();
        const kind = r.byte();
        const index = r.uleb();
        if (kind === 0 && name === exportName) funcIndex = index;
      }
    } else if (id === 10 && funcIndex !== undefined) {
      const count = r.uleb();
      const wanted = funcIndex - importedFunctions;
      if (wanted < 0 || wanted >= count) return undefined;
      for (let i = 0; i < wanted; i++) r.skip(r.uleb());
      r.uleb(); // body size
      for (let groups = r.uleb(); groups > 0; groups--) {
        r.uleb(); // count
        r.byte(); // value type
      }
      if (r.byte() !== 0x41) return undefined; // i32.const
      const address = r.sleb32();
      if (r.byte() !== 0x28) return undefined; // i32.load
      return address >= 0 ? address : undefined;
    }
    r.pos = end;
  }
  return undefined;
}

/** The part of the Emscripten module the gate switches. */
export interface PoolModule {
  wasmMemory?: unknown;
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
}

/** TLNB_WASM_POOL_MIN_WORK: a non-negative whole number scales both thresholds (0: never gate). */
function thresholds(env: NodeJS.ProcessEnv): { minMacs: number; minElements: number } {
  const raw = env.TLNB_WASM_POOL_MIN_WORK?.trim();
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  if (Number.isInteger(n) && n >= 0) return { minMacs: n, minElements: n };
  return { minMacs: DEFAULT_MIN_MACS, minElements: DEFAULT_MIN_ELEMENTS };
}

/**
 * Makes small kernels on `backend` run on the calling thread. Returns why not when the binary is
 * not the expected one (the backend then keeps the pool for every kernel, as shipped).
 */
export function gateSmallKernels(backend: BackendWasm, module: PoolModule, binary: Uint8Array, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const why = installGate(backend, module, binary, env);
  if (why !== undefined) ungated.set(backend, why);
  return why;
}

function installGate(backend: BackendWasm, module: PoolModule, binary: Uint8Array, env: NodeJS.ProcessEnv): string | undefined {
  const address = loadedGlobalAddress(binary, 'get_threads_count');
  if (address === undefined || address % 4 !== 0) return 'the thread pool pointer was not found in the binary';
  const memory = module.wasmMemory as { buffer: ArrayBufferLike } | undefined;
  if (memory === undefined) return 'the module has no memory';
  const heap = new Int32Array(memory.buffer);
  const index = address / 4;
  const threadsCount = module.cwrap('get_threads_count', 'number', []);
  const pool = heap[index];
  const threads = threadsCount();
  if (pool === undefined || pool === 0 || threads < 1) return 'the thread pool pointer was not where the binary says';
  heap[index] = 0;
  const without = threadsCount();
  heap[index] = pool;
  if (without !== -1 || threadsCount() !== threads) return `switching the pool pointer did not switch the pool (${without})`;
  const { minMacs, minElements } = thresholds(env);
  if (minMacs === 0 && minElements === 0) return 'TLNB_WASM_POOL_MIN_WORK=0';
  gates.set(backend, { heap, index, minMacs, minElements });
  gateWasmKernels();
  return undefined;
}

const CONVOLUTIONS = new Set([
  'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter',
  'DepthwiseConv2dNative', 'FusedDepthwiseConv2D', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter',
  'Conv3D', 'Conv3DBackpropInputV2', 'Conv3DBackpropFilterV2',
]);

function shapeOf(info: TensorInfo | undefined): readonly number[] {
  return info?.shape ?? [];
}

/**
 * Multiply-adds of a product (batch·m·n·k) or convolution (output positions × filter size), or
 * undefined for other kernels. Approximate: it only decides which side of a threshold a call is.
 */
export function kernelMacs(name: string, inputs: KernelInputs, attrs: Attrs): number | undefined {
  if (name === 'BatchMatMul' || name === '_FusedMatMul') {
    const a = shapeOf(inputs['a']);
    const b = shapeOf(inputs['b']);
    if (a.length < 2 || b.length < 2) return 0;
    const k = attrs['transposeA'] ? a[a.length - 2]! : a[a.length - 1]!;
    const n = attrs['transposeB'] ? b[b.length - 2]! : b[b.length - 1]!;
    // size(a)/k is batch·m, and broadcasting a single a over b's batch multiplies by b's.
    return (sizeOf(a) / Math.max(1, k)) * n * k * Math.max(1, sizeOf(b.slice(0, -2)) / Math.max(1, sizeOf(a.slice(0, -2))));
  }
  if (CONVOLUTIONS.has(name)) {
    // Output positions (of dy for the gradients, else at most x's) × the filter's size.
    const image = shapeOf(inputs['dy'] ?? inputs['x']);
    const filter = (attrs['filterShape'] as number[] | undefined) ?? shapeOf(inputs['filter']);
    return (sizeOf(image) / Math.max(1, image.at(-1) ?? 1)) * sizeOf(filter);
  }
  return undefined;
}

function elementsOf(inputs: KernelInputs): number {
  let total = 0;
  for (const t of Object.values(inputs)) if (t !== undefined && t !== null && Array.isArray(t.shape)) total += sizeOf(t.shape);
  return total;
}

/** True when a call is worth the pool: enough multiply-adds, or enough elements for the rest. */
export function worthThePool(name: string, inputs: KernelInputs, attrs: Attrs, minMacs: number, minElements: number): boolean {
  const macs = kernelMacs(name, inputs, attrs);
  return macs !== undefined ? macs >= minMacs : elementsOf(inputs) >= minElements;
}

function gated(name: string, inner: WasmKernelFunc): WasmKernelFunc {
  const wrapper: WasmKernelFunc = (args) => {
    const gate = gates.get(args.backend);
    if (gate === undefined) return inner(args);
    const pool = gate.heap[gate.index]!;
    if (pool === 0 || worthThePool(name, args.inputs, args.attrs, gate.minMacs, gate.minElements)) return inner(args);
    gate.heap[gate.index] = 0;
    try {
      return inner(args);
    } finally {
      gate.heap[gate.index] = pool;
    }
  };
  // Keeps what the registry's readers look for on the kernel (register.ts marks its own).
  for (const key of Object.getOwnPropertySymbols(inner)) if (key !== GATED) Object.defineProperty(wrapper, key, { value: (inner as unknown as Record<symbol, unknown>)[key] });
  Object.defineProperty(wrapper, GATED, { value: inner });
  return wrapper;
}

/** Wraps every kernel registered for `wasm` once (kernels without a gated backend pass straight through). */
export function gateWasmKernels(): void {
  for (const config of tf.getKernelsForBackend('wasm')) {
    const func = config.kernelFunc as unknown as Record<symbol, unknown>;
    if (func[GATED] !== undefined) continue;
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: gated(config.kernelName, config.kernelFunc as unknown as WasmKernelFunc) as unknown as tf.KernelFunc });
  }
}
