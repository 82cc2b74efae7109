// Conv2D on the webgpu backend for images of few channels: the first layer of an image network
// (grey, RGB or RGBA input). tfjs-backend-webgpu computes every convolution as a tiled product
// (Conv2DMMProgram: 32×32 output tiles staged in workgroup memory, the window's values in steps of
// 32). With 1–4 input channels the window holds 9–100 values, so most of each staged step is padding,
// and the output-channel side of the tile (8–32 filters in such a layer) is mostly empty too. This
// program computes each output value directly: one invocation reads its window (every input value is
// read by all the filters' invocations next to it, from cache) and needs no workgroup memory and no
// barrier. On SwiftShader, where a barrier costs each workgroup ~1.5 ms, chapter 07's first layer
// ([32,28,28,1] ⊛ [5,5,1,8]) went from ~890 ms to the figure docs/backends.md gives.
//
// Handles channels-last input with at most MAX_DIRECT_CHANNELS channels, any window, stride,
// dilation and padding; FusedConv2D with a per-filter bias and a linear or relu activation. Anything
// else goes to tfjs's own kernel, unchanged.

import type * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { FlatProgram, type KernelArgs, type KernelFunc } from './kernelTools';

/** The most input channels the direct program takes; wider inputs use tfjs's tiled product. */
export const MAX_DIRECT_CHANNELS = 4;

/** The part of every shader key of this program (tests look for it in the backend's pipeline cache). */
export const DIRECT_CONV2D_KEY = 'tlnbConv2dDirect';

type Activation = 'linear' | 'relu' | null;

class DirectConv2DProgram extends FlatProgram {
  shaderKey: string;
  variableNames = ['x', 'W'];
  uniforms = 'filterDims : vec2<i32>, pads : vec2<i32>, strides : vec2<i32>, dilations : vec2<i32>,';

  constructor(
    outShape: number[],
    private readonly inChannels: number,
    private readonly hasBias: boolean,
    private readonly activation: Activation,
  ) {
    super(outShape);
    if (hasBias) this.variableNames.push('bias');
    this.shaderKey = `${DIRECT_CONV2D_KEY}_${inChannels}_${hasBias}_${activation}`;
  }

  getUserCode(): string {
    const c = this.inChannels;
    // The window's channels, unrolled: W is [filterH, filterW, inChannels, outChannels].
    const products = Array.from({ length: c }, (_, i) => `acc = acc + x[xAt + ${i}] * W[wAt + ${i} * outChannels];`).join('\n              ');
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          let outChannels = uniforms.outShape[3];
          let inHeight = uniforms.xShape[1];
          let inWidth = uniforms.xShape[2];
          let top = coords[1] * uniforms.strides[0] - uniforms.pads[0];
          let left = coords[2] * uniforms.strides[1] - uniforms.pads[1];
          var acc = 0.0;
          for (var fy = 0; fy < uniforms.filterDims[0]; fy = fy + 1) {
            let iy = top + fy * uniforms.dilations[0];
            if (iy < 0 || iy >= inHeight) { continue; }
            for (var fx = 0; fx < uniforms.filterDims[1]; fx = fx + 1) {
              let ix = left + fx * uniforms.dilations[1];
              if (ix < 0 || ix >= inWidth) { continue; }
              let xAt = ((coords[0] * inHeight + iy) * inWidth + ix) * ${c};
              let wAt = ((fy * uniforms.filterDims[1] + fx) * ${c}) * outChannels + coords[3];
              ${products}
            }
          }
          ${this.hasBias ? 'acc = acc + bias[coords[3]];' : ''}
          ${this.activation === 'relu' ? 'acc = select(acc, 0.0, acc < 0.0); // keeps NaN, as tfjs\'s relu' : ''}
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

/** tfjs's Conv2D/FusedConv2D attributes (the part this kernel reads). */
type Conv2DAttrs = {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

/** The direct program's output for this convolution, or undefined when it is not one it handles. */
function directConv2D(args: KernelArgs, bias: tf.TensorInfo | undefined, activation: Activation): tf.TensorInfo | undefined {
  const { x, filter } = args.inputs as Record<'x' | 'filter', tf.TensorInfo>;
  const attrs = args.attrs as unknown as Conv2DAttrs;
  if (attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32') return undefined;
  if (x.shape.length !== 4 || (x.shape[3] ?? Infinity) > MAX_DIRECT_CHANNELS) return undefined;
  if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== filter.shape[3])) return undefined;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  // Empty tensors go to tfjs's kernel: a shader that reads no input would leave its bindings out of the pipeline's layout.
  if (info.outShape.some((d) => d === 0) || x.shape.some((d) => d === 0) || filter.shape.some((d) => d === 0)) return undefined;
  const program = new DirectConv2DProgram(info.outShape, info.inChannels, bias !== undefined, activation);
  const uniforms = [
    [info.filterHeight, info.filterWidth],
    [info.padInfo.top, info.padInfo.left],
    [info.strideHeight, info.strideWidth],
    [info.dilationHeight, info.dilationWidth],
  ].map((data) => ({ type: 'int32', data }));
  const inputs = bias === undefined ? [x, filter] : [x, filter, bias];
  return (args.backend as WebGPUBackend).runWebGPUProgram(program, inputs, 'float32', uniforms);
}

/** Conv2D: the direct program where it applies, tfjs's kernel otherwise. */
export function makeWebgpuConv2D(original: KernelFunc): KernelFunc {
  return (args) => directConv2D(args, undefined, null) ?? original(args);
}

/** FusedConv2D (inference: tf.fused.conv2d, layers' predict): the same, with bias and linear/relu. */
export function makeWebgpuFusedConv2D(original: KernelFunc): KernelFunc {
  return (args) => {
    const { bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const activation = (args.attrs as { activation?: string } | undefined)?.activation ?? 'linear';
    if (preluActivationWeights !== undefined || (activation !== 'linear' && activation !== 'relu')) return original(args);
    return directConv2D(args, bias ?? undefined, activation) ?? original(args);
  };
}
