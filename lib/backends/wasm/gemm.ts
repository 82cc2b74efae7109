// Dense float32 products on the wasm backend by the project's own kernel (simd/gemm.wat), which
// uses relaxed SIMD's fused multiply-add: ~1.4x XNNPACK's rate per thread on an x86 CPU with
// FMA (docs/benchmarks/backends.md), and on the threaded backend split over its threads.
//
// Node 20's V8 has relaxed SIMD behind a flag that simdModules.ts (relaxedSimdUnavailable) turns on
// the first time a product could use it. Where that does not take (an older V8, another engine) or
// TLNB_WASM_RELAXED_SIMD=0 is set, every product stays with XNNPACK as before.
// relaxed_madd may round once (a fused multiply-add) or twice (where the CPU has no FMA): both are
// within the products' parity tolerance, and the same machine always gives the same result.

import type { BackendWasm, TensorInfo } from './kernelTools';
import { backendPool } from './kernelPool';
import { heapOffset, heapOutput, relaxedSimdUnavailable, simdInstance } from './simdModules';
import * as gemmWasm from './simd/gemm.generated';

/** Rows of B per packed block: one panel (KC × 8 floats, 8 KiB) stays in the L1 cache. */
const KC = 256;
/** Below this many multiply-adds per matrix, XNNPACK (which also packs its weights) is as fast. */
export const MIN_GEMM_MACS = 16 * 16 * 16;
/** Below this many multiply-adds per matrix, waking the worker threads costs more than they save. */
const MIN_POOL_MACS = 1 << 21;

/** gemm's arguments (simd/gemm.wat): byte offsets, strides in bytes and sizes. */
export type GemmArgs = [a: number, rsA: number, csA: number, i0: number, i1: number, k: number, bp: number, n: number, kc: number, c: number, ldc: number, work: number];
/** packB's arguments: op(B) and its strides, its size, the block rows, where to pack, the columns [j0, j1) to pack. */
export type PackArgs = [b: number, rsB: number, csB: number, k: number, n: number, kc: number, packed: number, j0: number, j1: number];

interface GemmExports {
  packB(...args: PackArgs): void;
  gemm(...args: GemmArgs): void;
}

/** A product operand as stored: [batch·rows, cols] row-major float32 on the heap. */
export interface GemmOperand {
  info: TensorInfo;
  /** Whether the product uses the transpose of each stored matrix. */
  transposed: boolean;
  /** Matrices stored: 1 (the same for every product of the batch) or the batch. */
  batch: number;
}

/**
 * op(a)[i]·op(b)[i] for i < batch as a new tensor, [batch·m, n] unless `shape` (of as many
 * elements) is given. An operand with one matrix is used for every product. Both are read in
 * place, transposed or not.
 */
export function gemmProduct(backend: BackendWasm, a: GemmOperand, b: GemmOperand, batch: number, m: number, k: number, n: number, shape = [batch * m, n]): TensorInfo {
  const why = relaxedSimdUnavailable();
  if (why !== undefined) throw new Error(`tlnb's product kernel cannot run: ${why}`);
  const instance = simdInstance(backend, gemmWasm);
  const kernels = instance.exports as GemmExports;
  const pooled = m * n * k >= MIN_POOL_MACS ? backendPool(backend) : undefined;
  const pool = pooled?.has('gemm') === true ? pooled : undefined;
  const threads = pool?.threads ?? 1;

  const npad = (n + 7) & ~7;
  const packedFloats = k * npad;
  // One B for the whole batch and rows of A stacked in memory: one product of batch·m rows.
  const stacked = b.batch === 1 && (!a.transposed || batch === 1);
  const products = stacked ? 1 : batch;
  const rows = stacked ? batch * m : m;
  // Each thread's work area (gemm.wat): the rows of A it computes at a time (all of them, or one of
  // the pool's chunks, at most a thread's share) packed, KC columns at a time, and an edge tile.
  const workFloats = 4 * Math.min(KC, k) * Math.ceil(Math.ceil(rows / threads) / 4 + 1) + 32;
  const out = heapOutput(backend, shape, 'float32', `a ${batch * m}×${n} product`);
  if (k === 0) {
    // Sums of nothing: zeros (the kernel would leave the output as malloc gave it).
    (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
    return out;
  }
  let scratch: TensorInfo;
  try {
    scratch = heapOutput(backend, [packedFloats + workFloats * threads], 'float32', `the packed operand of a ${m}×${k}×${n} product`);
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  }
  let done = false;
  try {
    // Offsets are read after both allocations (an allocation may move nothing, but views detach).
    const c0 = heapOffset(backend, out);
    const packed = heapOffset(backend, scratch);
    const work = packed + 4 * packedFloats;
    const a0 = heapOffset(backend, a.info);
    const b0 = heapOffset(backend, b.info);
    const [rsA, csA] = a.transposed ? [4, 4 * m] : [4 * k, 4];
    const [rsB, csB] = b.transposed ? [4, 4 * k] : [4 * n, 4];
    for (let i = 0; i < products; i++) {
      if (i === 0 || b.batch > 1) {
        const pack: PackArgs = [b0 + (b.batch > 1 ? 4 * i * k * n : 0), rsB, csB, k, n, KC, packed, 0, n];
        if (pool !== undefined) pool.run('packB', kernels.packB, pack, { at: 7, total: n, grain: 8 });
        else kernels.packB(...pack);
      }
      const ai = a0 + (a.batch > 1 ? 4 * i * m * k : 0);
      const ci = c0 + 4 * i * m * n;
      const args: GemmArgs = [ai, rsA, csA, 0, rows, k, packed, n, KC, ci, 4 * n, work];
      if (pool !== undefined) pool.run('gemm', kernels.gemm, args, { at: 3, total: rows, grain: 4 }, { at: 11, stride: 4 * workFloats });
      else kernels.gemm(...args);
    }
    done = true;
  } finally {
    backend.disposeData(scratch.dataId);
    if (!done) backend.disposeData(out.dataId);
  }
  return out;
}
