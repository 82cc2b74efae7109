// Matrix products whose left operand is mostly zero, computed by the project's own WebAssembly
// SIMD kernel (simd/sparseMatMul.wat) on tfjs-backend-wasm's heap, skipping the zeros.
//
// On MNIST, 81% of the input pixels are 0, and the two largest products of a training step of
// a Dense network both have the input batch on the left: x·W forward and xᵀ·dy for W's
// gradient. XNNPACK multiplies every zero; this kernel does ~5x fewer multiply-adds there and
// is 2-3x faster (docs/benchmarks/backends.md). For a dense left operand XNNPACK is faster, so
// the kernel is used only when at most MAX_DENSITY of the left operand is non-zero.

import type { BackendWasm, TensorInfo } from './kernelTools';
import { heapOffset, heapOutput, simdKernels } from './simdModules';
import * as sparseMatMulWasm from './simd/sparseMatMul.generated';

/** Above this fraction of non-zeros, XNNPACK's dense product is as fast (measured crossover ~0.55). */
export const MAX_DENSITY = 0.4;
/** Below this many multiply-adds, counting the zeros costs more than skipping them saves. */
const MIN_MACS = 1 << 18;
/** The kernel's main loop covers 24 columns (six SIMD accumulators); narrower products gain little. */
const MIN_COLUMNS = 24;

interface SparseExports {
  countNonZero(byteOffset: number, length: number): number;
  listRows(a: number, m: number, k: number, b: number, n: number, scratch: number): void;
  listRowsOfTranspose(x: number, m: number, k: number, b: number, n: number, scratch: number): void;
  multiplyListed(c: number, m: number, n: number, scratch: number): void;
}

export interface SparseLeft {
  /** The left operand as stored: [rows, cols] row-major, float32. */
  info: TensorInfo;
  /** Whether the product uses its transpose (then m = cols and k = rows). */
  transposed: boolean;
}

/**
 * op(a)·b for a [k, n] row-major float32 b, as a new [m, n] tensor, when op(a) is sparse enough
 * for the zero-skipping kernel to win; undefined when the caller should use XNNPACK.
 */
export function sparseLeftProduct(backend: BackendWasm, a: SparseLeft, b: TensorInfo, m: number, k: number, n: number): TensorInfo | undefined {
  if (n < MIN_COLUMNS || m * k * n < MIN_MACS) return undefined;
  const kernels = simdKernels<SparseExports>(backend, sparseMatMulWasm);
  const nonZero = kernels.countNonZero(heapOffset(backend, a.info), m * k);
  if (nonZero > MAX_DENSITY * m * k) return undefined;
  return multiply(backend, kernels, a, b, m, k, n, nonZero);
}

/**
 * Whether aᵀ·b ([k,m]ᵀ by [k,n]) is cheaper as (bᵀ·a)ᵀ on the listed kernel than by XNNPACK:
 * when b is too narrow for XNNPACK to gain much and a wide enough for the kernel's main loop.
 * Only then: for a wide dense b, XNNPACK's product after a transpose is faster.
 */
export function narrowTransposedProduct(m: number, n: number): boolean {
  return n < MIN_COLUMNS && m >= MIN_COLUMNS;
}

/**
 * op(a)·b by the same kernel whatever a's density: for a left operand with few rows and a
 * wide b, where XNNPACK would first need b transposed (the weight gradient of a narrow
 * layer, hᵀ·dy computed as (dyᵀ·h)ᵀ). undefined when b is too narrow for the kernel.
 */
export function listedProduct(backend: BackendWasm, a: SparseLeft, b: TensorInfo, m: number, k: number, n: number): TensorInfo | undefined {
  if (n < MIN_COLUMNS) return undefined;
  return multiply(backend, simdKernels<SparseExports>(backend, sparseMatMulWasm), a, b, m, k, n, m * k);
}

function multiply(backend: BackendWasm, kernels: SparseExports, a: SparseLeft, b: TensorInfo, m: number, k: number, n: number, maxNonZero: number): TensorInfo {
  const out = heapOutput(backend, [m, n], 'float32', `a ${m}×${n} product`);
  let scratch: TensorInfo;
  try {
    scratch = heapOutput(backend, [m + 1 + 2 * maxNonZero], 'int32', `the non-zero list of a ${m}×${k} operand`);
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  }
  try {
    const list = a.transposed ? kernels.listRowsOfTranspose : kernels.listRows;
    list(heapOffset(backend, a.info), m, k, heapOffset(backend, b), n, heapOffset(backend, scratch));
    kernels.multiplyListed(heapOffset(backend, out), m, n, heapOffset(backend, scratch));
  } finally {
    backend.disposeData(scratch.dataId);
  }
  return out;
}
