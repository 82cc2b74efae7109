// Adam's update as one kernel on the webgpu backend (the optimizer's routing and the kernel's
// contract: lib/backends/fused/adam.ts). tfjs's own update dispatches ~13 shaders per variable; this
// one dispatches three (a program has one output in tfjs-backend-webgpu: the new m, the new v and
// the new value each recompute the moments from the same inputs, which costs a few reads of memory
// and no extra dispatch). The bias corrections are read on the GPU from the accBeta variables.

import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { AdamAttrs } from '../fused/adam';
import { FlatProgram } from './kernelTools';

type Output = 'value' | 'm' | 'v';

const RESULT: Record<Output, string> = { m: 'm1', v: 'v1', value: 'w1' };

class AdamProgram extends FlatProgram {
  shaderKey: string;
  variableNames = ['W', 'M', 'V', 'G', 'B1', 'B2'];
  uniforms = 'beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, epsilon : f32, negLearningRate : f32,';

  constructor(
    shape: number[],
    private readonly output: Output,
  ) {
    super(shape, 128);
    this.shaderKey = `tlnbAdam_${output}`;
  }

  getUserCode(): string {
    // The same float32 operations, in the same order, as tfjs's AdamOptimizer. Each program names
    // every input (the bind group's layout has only the buffers a shader uses), and writes its own.
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let g = G[index];
          let m1 = M[index] * uniforms.beta1 + g * uniforms.oneMinusBeta1;
          let v1 = V[index] * uniforms.beta2 + (g * g) * uniforms.oneMinusBeta2;
          let w1 = (m1 / (1.0 - B1[0])) / (sqrt(v1 / (1.0 - B2[0])) + uniforms.epsilon) * uniforms.negLearningRate + W[index];
          setOutputAtIndex(index, ${RESULT[this.output]});
        }
      }`;
  }
}

/** Inputs value, m, v, gradient, accBeta1, accBeta2; outputs the new value, m and v. */
export function adamUpdate({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const { value, m, v, gradient, accBeta1, accBeta2 } = inputs as Record<'value' | 'm' | 'v' | 'gradient' | 'accBeta1' | 'accBeta2', tf.TensorInfo>;
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as AdamAttrs;
  const uniforms = [beta1, 1 - beta1, beta2, 1 - beta2, epsilon, -learningRate].map((x) => ({ type: 'float32', data: [x] }));
  const gpu = backend as WebGPUBackend;
  return (['value', 'm', 'v'] as const).map((output) =>
    gpu.runWebGPUProgram(new AdamProgram([...value.shape], output), [value, m, v, gradient, accBeta1, accBeta2], 'float32', uniforms),
  );
}
