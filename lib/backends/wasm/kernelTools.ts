// Helpers for kernels that the project registers on tfjs's `wasm` backend. They compose the
// backend's own fast kernels (XNNPACK-backed Conv2D and matrix products, Transpose, Pad, …)
// by calling their kernel functions directly, as tfjs-backend-wasm's kernels do themselves.

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };
export type TensorInfo = tf.TensorInfo;
export type Attrs = Record<string, unknown>;

export type Shape4 = [number, number, number, number];

/** A kernel function as the engine calls it on the wasm backend. */
export type WasmKernelFunc = (args: { inputs: KernelInputs; backend: BackendWasm; attrs: Attrs }) => TensorInfo;
/** Named inputs; Concat and Pack take a list. */
export type KernelInputs = Record<string, TensorInfo>;

/** The kernel registered for `wasm` under `name` right now, or an error naming what is missing. */
export function wasmKernel(name: string): WasmKernelFunc {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) {
    throw new Error(`the wasm backend has no '${name}' kernel; tlnb expects @tensorflow/tfjs-backend-wasm 4.22`);
  }
  return config.kernelFunc as unknown as WasmKernelFunc;
}

/**
 * Runs wasm kernels and remembers every output, so that one `dispose()` frees the
 * intermediate results of a composed kernel (the one returned is handed over with `keep`).
 */
export class KernelScope {
  private readonly made: TensorInfo[] = [];
  constructor(readonly backend: BackendWasm) {}

  run(name: string, inputs: KernelInputs | TensorInfo[], attrs: Attrs = {}): TensorInfo {
    return this.track(wasmKernel(name)({ inputs: inputs as KernelInputs, backend: this.backend, attrs }));
  }

  /** Adopts an output made by a kernel function called directly. */
  track(out: TensorInfo): TensorInfo {
    this.made.push(out);
    return out;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    if (sameShape(x.shape, shape)) return x;
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    if (perm.every((p, i) => p === i)) return x;
    return this.run('Transpose', { x }, { perm });
  }

  /** Crops the sides whose amount is negative; the positive amounts are left to the caller. */
  crop(x: TensorInfo, amounts: Array<[number, number]>): TensorInfo {
    const begin = amounts.map(([before]) => Math.max(0, -before));
    const size = x.shape.map((d, i) => d - begin[i]! - Math.max(0, -amounts[i]![1]));
    const unchanged = begin.every((b) => b === 0) && size.every((s, i) => s === x.shape[i]);
    return unchanged ? x : this.run('Slice', { x }, { begin, size });
  }

  /** Zero padding; a negative amount crops that side instead. */
  padOrCrop(x: TensorInfo, amounts: Array<[number, number]>): TensorInfo {
    const cropped = this.crop(x, amounts);
    const paddings = padding(amounts);
    if (paddings.every(([a, b]) => a === 0 && b === 0)) return cropped;
    return this.run('PadV2', { x: cropped }, { paddings, constantValue: 0 });
  }

  /**
   * Marks `out` as the kernel's result: it survives `dispose()`. An input handed back
   * unchanged is copied, since the engine takes ownership of what a kernel returns.
   */
  keep(out: TensorInfo): TensorInfo {
    const i = this.made.lastIndexOf(out);
    if (i < 0) return wasmKernel('Identity')({ inputs: { x: out }, backend: this.backend, attrs: {} });
    this.made.splice(i, 1);
    return out;
  }

  dispose(): void {
    for (const t of this.made) this.backend.disposeData(t.dataId);
    this.made.length = 0;
  }
}

/** Runs `body` with a fresh scope and frees every intermediate except the result. */
export function composed(backend: BackendWasm, body: (scope: KernelScope) => TensorInfo): TensorInfo {
  const scope = new KernelScope(backend);
  try {
    return scope.keep(body(scope));
  } finally {
    scope.dispose();
  }
}

/** The non-negative part of pad-or-crop amounts: what is left to pad after `crop`. */
export function padding(amounts: Array<[number, number]>): Array<[number, number]> {
  return amounts.map(([before, after]) => [Math.max(0, before), Math.max(0, after)]);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Allocates an output on the wasm heap and returns it with a view of its memory. */
export function makeOutputView(backend: BackendWasm, shape: number[], dtype: 'float32' | 'int32'): [TensorInfo, Float32Array | Int32Array] {
  const out = backend.makeOutput(shape, dtype);
  // Views are taken after every allocation: growing the heap detaches earlier views.
  return [out, backend.typedArrayFromHeap(out) as Float32Array | Int32Array];
}

/**
 * The geometry of a 2-D convolution (NHWC) from a gradient kernel's attributes (strides, pad,
 * dimRoundingMode); `depthwise` for DepthwiseConv2dNative's filter layout.
 */
export function convGeometry(inShape: Shape4, filterShape: Shape4, attrs: Attrs, depthwise: boolean): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    attrs['strides'] as [number, number] | number,
    1,
    attrs['pad'] as 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
    'channelsLast',
  );
}
