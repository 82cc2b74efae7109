// What tlnb's webgpu kernels share: the shape of a tfjs kernel function as they see it, and the
// base of their programs.

import type * as tf from '@tensorflow/tfjs';
import { webgpu_util, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap };
export type KernelFunc = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/**
 * A program with one invocation per output value, dispatched flat: its shader is `fn main(index : i32)`
 * and checks `index < uniforms.size` itself. tfjs-backend-webgpu sets `shaderKey` and `dispatch` again
 * when it runs the program, so they stay writable.
 */
export abstract class FlatProgram implements WebGPUProgram {
  outputShape: number[];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size = true;
  abstract shaderKey: string;
  abstract variableNames: string[];
  abstract uniforms: string;

  constructor(outputShape: number[], workgroupSize = 64) {
    this.outputShape = outputShape;
    this.workgroupSize = [workgroupSize, 1, 1];
    this.dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, outputShape, this.workgroupSize);
  }

  abstract getUserCode(): string;
}
