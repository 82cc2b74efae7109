// Matrix products on the wasm backend, routed to XNNPACK's fully-connected operator.
//
// tfjs-backend-wasm 4.22 uses XNNPACK only for an un-transposed product of two single
// matrices; anything else (a transposed operand, which every Dense-layer gradient has, or a
// batch of matrices) runs a scalar triple loop that is 10-17x slower (see facts.md). These
// kernels rearrange operands with the fast Transpose kernel so that every product of real
// size reaches XNNPACK, and give the triple loop contiguous rows when it is still used.
// Products with a mostly-zero left operand, and the weight gradient of a narrow layer, go to
// the project's own SIMD kernel instead (sparseMatMul.ts). Where WebAssembly relaxed SIMD is
// available, every other float32 product goes to the project's fused-multiply-add kernel
// (gemm.ts), which reads transposed operands in place; XNNPACK keeps what is left.

import * as tf from '@tensorflow/tfjs';
import { composed, sizeOf, type Attrs, type KernelInputs, type KernelScope, type TensorInfo, type WasmKernelFunc } from './kernelTools';
import { gemmProduct, MIN_GEMM_MACS } from './gemm';
import { relaxedSimdUnavailable } from './simdModules';
import { int32BatchMatMul } from './int32MatMul';
import { listedProduct, narrowTransposedProduct, sparseLeftProduct } from './sparseMatMul';

/**
 * Below this many multiply-adds per matrix, a batch of products is cheaper in the backend's
 * own loop than one XNNPACK operator per matrix (each creates and packs its weights).
 */
const MIN_MACS_PER_XNNPACK_CALL = 32 * 32 * 32;

interface Operand {
  info: TensorInfo;
  /** Batch size (product of the outer dimensions). */
  batch: number;
  /** Rows and columns of the stored matrix, before the transpose flag is applied. */
  rows: number;
  cols: number;
  transposed: boolean;
}

function operand(info: TensorInfo, transposed: boolean): Operand {
  const r = info.shape.length;
  return { info, batch: sizeOf(info.shape.slice(0, -2)), rows: info.shape[r - 2]!, cols: info.shape[r - 1]!, transposed };
}

/** op(x) as a [batch, rows, cols] tensor with the transpose applied. */
function asStored(scope: KernelScope, x: Operand, batch = x.batch): TensorInfo {
  const x3 = scope.reshape(x.info, [batch, x.rows, x.cols]);
  return x.transposed ? scope.transpose(x3, [0, 2, 1]) : x3;
}

/** op(x)ᵀ as a [batch, cols', rows'] tensor (the transpose of what the product uses). */
function asTransposed(scope: KernelScope, x: Operand, batch = x.batch): TensorInfo {
  const x3 = scope.reshape(x.info, [batch, x.rows, x.cols]);
  return x.transposed ? x3 : scope.transpose(x3, [0, 2, 1]);
}

/** One XNNPACK product of [1, m, k] by [1, k, n] (the original kernel's fast path). */
function product(scope: KernelScope, plain: WasmKernelFunc, a: TensorInfo, b: TensorInfo): TensorInfo {
  const out = plain({ inputs: { a, b }, backend: scope.backend, attrs: { transposeA: false, transposeB: false } });
  return scope.track(out);
}

export function makeBatchMatMul(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const a = operand(inputs['a']!, Boolean(attrs['transposeA']));
    const b = operand(inputs['b']!, Boolean(attrs['transposeB']));
    if (inputs['a']!.dtype === 'int32' && inputs['b']!.dtype === 'int32') return int32BatchMatMul(args);
    if (inputs['a']!.dtype !== 'float32' || inputs['b']!.dtype !== 'float32') return original(args);
    const m = a.transposed ? a.cols : a.rows;
    const k = a.transposed ? a.rows : a.cols;
    const n = b.transposed ? b.rows : b.cols;
    const kB = b.transposed ? b.cols : b.rows;
    if (k !== kB || m * n * k === 0) return original(args); // the original reports the mismatch
    const outer = tf.backend_util.assertAndGetBroadcastShape(a.info.shape.slice(0, -2), b.info.shape.slice(0, -2));
    const outShape = [...outer, m, n];
    const batch = sizeOf(outer);

    return composed(backend, (scope) => {
      const skipping = b.batch === 1 ? zeroSkipping(scope, a, b, m, k, n) : undefined;
      if (skipping !== undefined) return scope.reshape(skipping, outShape);
      const fused = fusedMultiplyAdd(scope, a, b, batch, m, k, n);
      if (fused !== undefined) return scope.reshape(fused, outShape);
      if (b.batch === 1) return scope.reshape(singleWeights(scope, original, a, b, m, k, n), outShape);
      if (a.batch === 1) return scope.reshape(sharedLeft(scope, original, a, b, m, n), outShape);
      const [a3, b3] = a.batch === batch && b.batch === batch
        ? [a.info, b.info]
        : [broadcastTo(scope, a, outer), broadcastTo(scope, b, outer)];
      const aB = { ...a, info: a3, batch };
      const bB = { ...b, info: b3, batch };
      const c = m * n * k >= MIN_MACS_PER_XNNPACK_CALL
        ? perMatrix(scope, original, aB, bB, batch)
        // The backend's loop reads both operands along k; give it rows that are contiguous.
        : scope.track(original({
          inputs: { a: asStored(scope, aB), b: asTransposed(scope, bB) },
          backend,
          attrs: { transposeA: false, transposeB: true },
        }));
      return scope.reshape(c, outShape);
    });
  };
}

/**
 * op(a) @ op(b) for one matrix b by the zero-skipping kernels (sparseMatMul.ts) when they win:
 * a mostly-zero left operand, or the weight gradient of a narrow layer; else undefined.
 */
function zeroSkipping(scope: KernelScope, a: Operand, b: Operand, m: number, k: number, n: number): TensorInfo | undefined {
  if (!b.transposed && (a.batch === 1 || !a.transposed)) {
    // A mostly-zero left operand (an image batch, ReLU outputs) skips XNNPACK's full product.
    const sparse = sparseLeftProduct(scope.backend, { info: a.info, transposed: a.transposed }, b.info, a.batch * m, k, n);
    if (sparse !== undefined) return scope.track(sparse);
  }
  if (a.batch === 1 && a.transposed && !b.transposed && narrowTransposedProduct(m, n)) {
    // aᵀ·b with a narrow b (a Dense layer's weight gradient hᵀ·dy, n = its units) as (bᵀ·a)ᵀ:
    // a stays as stored and only the small result is transposed.
    const cT = listedProduct(scope.backend, { info: b.info, transposed: true }, a.info, n, k, m);
    if (cT !== undefined) return scope.transpose(scope.track(cT), [1, 0]);
  }
  return undefined;
}

/**
 * op(a) @ op(b) as [batch·m, n] by the fused-multiply-add kernel (gemm.ts), or undefined where
 * it does not run (no relaxed SIMD, a tiny product, a batch that needs broadcasting). Transposed
 * operands are read in place (the kernel packs them): a [128,784]ᵀ·[128,512] weight gradient
 * takes 2.4 ms that way against 2.8 ms transposing first.
 */
function fusedMultiplyAdd(scope: KernelScope, a: Operand, b: Operand, batch: number, m: number, k: number, n: number): TensorInfo | undefined {
  if (m * n * k < MIN_GEMM_MACS || relaxedSimdUnavailable() !== undefined) return undefined;
  if ((a.batch !== 1 && a.batch !== batch) || (b.batch !== 1 && b.batch !== batch)) return undefined;
  const left = { info: a.info, transposed: a.transposed, batch: a.batch };
  return scope.track(gemmProduct(scope.backend, left, { info: b.info, transposed: b.transposed, batch: b.batch }, batch, m, k, n));
}

/**
 * op(a) @ op(b) where b is one matrix, on XNNPACK: every matrix of a's batch is stacked into one
 * tall product. For single matrices, picks between transposing the operands and computing
 * (op(b)ᵀ @ op(a)ᵀ)ᵀ, whichever moves fewer elements (XNNPACK also repacks its right operand).
 */
function singleWeights(scope: KernelScope, plain: WasmKernelFunc, a: Operand, b: Operand, m: number, k: number, n: number): TensorInfo {
  const sizeA = a.batch * m * k;
  const sizeB = k * n;
  const sizeC = a.batch * m * n;
  const direct = (a.transposed ? sizeA : 0) + (b.transposed ? sizeB : 0) + sizeB;
  const swapped = (a.transposed ? 0 : sizeA) + (b.transposed ? 0 : sizeB) + sizeA + sizeC;
  if (a.batch === 1 && swapped < direct) {
    const cT = product(scope, plain, asTransposed(scope, b), asTransposed(scope, a));
    return scope.transpose(cT, [0, 2, 1]);
  }
  const left = scope.reshape(asStored(scope, a), [1, a.batch * m, k]);
  return product(scope, plain, left, asStored(scope, b));
}

/** op(a) @ op(b)[i] for one matrix a: (op(b)ᵀ stacked @ op(a)ᵀ)ᵀ, one product in all. */
function sharedLeft(scope: KernelScope, plain: WasmKernelFunc, a: Operand, b: Operand, m: number, n: number): TensorInfo {
  const bT = asTransposed(scope, b); // [batch, n, k]
  const stacked = scope.reshape(bT, [1, b.batch * n, bT.shape[2]!]);
  const cT = product(scope, plain, stacked, asTransposed(scope, a)); // [1, batch*n, m]
  return scope.transpose(scope.reshape(cT, [b.batch, n, m]), [0, 2, 1]);
}

/** One XNNPACK product per matrix of the batch, concatenated. */
function perMatrix(scope: KernelScope, plain: WasmKernelFunc, a: Operand, b: Operand, batch: number): TensorInfo {
  const a3 = asStored(scope, a);
  const b3 = asStored(scope, b);
  const parts: TensorInfo[] = [];
  for (let i = 0; i < batch; i++) {
    const ai = scope.run('Slice', { x: a3 }, { begin: [i, 0, 0], size: [1, a3.shape[1]!, a3.shape[2]!] });
    const bi = scope.run('Slice', { x: b3 }, { begin: [i, 0, 0], size: [1, b3.shape[1]!, b3.shape[2]!] });
    parts.push(product(scope, plain, ai, bi));
  }
  return parts.length === 1 ? parts[0]! : scope.run('Concat', parts, { axis: 0 });
}

/** x with its outer dimensions broadcast to `outer`, as [size(outer), rows, cols]. */
function broadcastTo(scope: KernelScope, x: Operand, outer: number[]): TensorInfo {
  const own = x.info.shape.slice(0, -2);
  const padded = [...new Array<number>(outer.length - own.length).fill(1), ...own];
  const xr = scope.reshape(x.info, [...padded, x.rows, x.cols]);
  const reps = [...outer.map((d, i) => (padded[i] === d ? 1 : d)), 1, 1];
  const tiled = scope.run('Tile', { x: xr }, { reps });
  return scope.reshape(tiled, [sizeOf(outer), x.rows, x.cols]);
}

/** The wasm kernel and attributes that apply a fused activation to a product. */
function activationStep(attrs: Attrs, inputs: KernelInputs): ((scope: KernelScope, x: TensorInfo) => TensorInfo) | undefined {
  const activation = (attrs['activation'] as string | undefined) ?? 'linear';
  const plain: Record<string, string> = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid' };
  if (activation === 'linear') return (_scope, x) => x;
  if (plain[activation] !== undefined) return (scope, x) => scope.run(plain[activation]!, { x });
  if (activation === 'leakyrelu') return (scope, x) => scope.run('LeakyRelu', { x }, { alpha: attrs['leakyreluAlpha'] });
  const alpha = inputs['preluActivationWeights'];
  if (activation === 'prelu' && alpha !== undefined) return (scope, x) => scope.run('Prelu', { x, alpha });
  return undefined;
}

/**
 * _FusedMatMul (product + bias + activation: Dense layers outside of training, and linear ones
 * in training). A mostly-zero left operand takes the sparse kernel, else the fused-multiply-add
 * one where it runs, then the bias and activation kernels; otherwise transposed operands are
 * transposed first so that XNNPACK computes the product.
 */
export function makeFusedMatMul(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const a = operand(inputs['a']!, Boolean(attrs['transposeA']));
    const b = operand(inputs['b']!, Boolean(attrs['transposeB']));
    const m = a.transposed ? a.cols : a.rows;
    const k = a.transposed ? a.rows : a.cols;
    const n = b.transposed ? b.rows : b.cols;
    const activate = activationStep(attrs, inputs);
    const bias = inputs['bias'];
    if (a.batch === 1 && b.batch === 1 && activate !== undefined && inputs['a']!.dtype === 'float32' && inputs['b']!.dtype === 'float32') {
      const outer = tf.backend_util.assertAndGetBroadcastShape(a.info.shape.slice(0, -2), b.info.shape.slice(0, -2));
      const finish = (scope: KernelScope, product: TensorInfo): TensorInfo => {
        const biased = bias === undefined ? product : scope.run('Add', { a: product, b: bias });
        return scope.reshape(activate(scope, biased), [...outer, m, n]);
      };
      const sparse = b.transposed ? undefined : sparseLeftProduct(backend, { info: a.info, transposed: a.transposed }, b.info, m, k, n);
      if (sparse !== undefined) return composed(backend, (scope) => finish(scope, scope.track(sparse)));
      if (m * n * k >= MIN_GEMM_MACS && relaxedSimdUnavailable() === undefined) {
        return composed(backend, (scope) => finish(scope, fusedMultiplyAdd(scope, a, b, 1, m, k, n)!));
      }
    }
    if ((!a.transposed && !b.transposed) || a.batch !== 1 || b.batch !== 1) return original(args);
    const outer = tf.backend_util.assertAndGetBroadcastShape(a.info.shape.slice(0, -2), b.info.shape.slice(0, -2));
    return composed(backend, (scope) => {
      const c = scope.track(original({
        inputs: { ...inputs, a: asStored(scope, a), b: asStored(scope, b) },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      }));
      return scope.reshape(c, [...outer, m, n]);
    });
  };
}
