// Adam's update as one fused kernel per variable, on every backend that registers it.
//
// tf.train.adam (AdamOptimizer.applyGradients) updates each variable with ~13 tensor operations,
// each a full pass with its own allocation (on wasm) or its own GPU dispatch (on webgpu). tlnb
// replaces applyGradients with the same steps around one `TlnbAdamUpdate` kernel per variable when
// the active backend has that kernel: wasm (lib/backends/wasm/adamUpdate.ts, the same float32
// operations in the same order) and webgpu (lib/backends/webgpu/adamUpdate.ts). The kernel reads
// the bias corrections from the optimizer's accBeta variables itself, so the update never reads a
// tensor back (on a GPU a read would make it finish every step before the next is queued). Every
// other backend, and variables that are not float32, keep tfjs's own update.
//
// The kernel: inputs value, m, v, gradient (float32, one shape) and accBeta1, accBeta2 (scalars);
// attributes beta1, beta2, epsilon, learningRate; outputs the new value, m and v, computed as
//   m' = m·β1 + g·(1−β1);  v' = v·β2 + g²·(1−β2)
//   value' = (m'/(1−accβ1)) / (sqrt(v'/(1−accβ2)) + ε) · (−lr) + value

import * as tf from '@tensorflow/tfjs';

export const ADAM_KERNEL = 'TlnbAdamUpdate';

/** The kernel's attributes. */
export interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** AdamOptimizer's fields that applyGradients uses (TypeScript-private in tfjs-core). */
interface AdamInternals extends AdamAttrs {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  incrementIterations(): void;
}
type VariableGradients = tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>;
type ApplyGradients = (this: AdamInternals, gradients: VariableGradients) => void;

const FUSED = Symbol.for('tlnb.fusedAdam');

function gradientsOf(gradients: VariableGradients): Array<[string, tf.Tensor | undefined]> {
  return Array.isArray(gradients) ? gradients.map((g) => [g.name, g.tensor]) : Object.entries(gradients);
}

/** Whether every variable and gradient is float32 (the fused kernel's only dtype). */
function fusable(entries: Array<[string, tf.Tensor | undefined]>): boolean {
  const variables = tf.engine().registeredVariables;
  return entries.every(([name, g]) => variables[name]?.dtype === 'float32' && (g === undefined || g === null || g.dtype === 'float32'));
}

/** tfjs-core's applyGradients with the per-variable arithmetic in one kernel. */
function fusedApplyGradients(this: AdamInternals, entries: Array<[string, tf.Tensor | undefined]>): void {
  tf.tidy(() => {
    entries.forEach(([name, gradient], i) => {
      const value = tf.engine().registeredVariables[name]!;
      this.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      this.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient === undefined || gradient === null) return;
      const m = this.accumulatedFirstMoment[i].variable;
      const v = this.accumulatedSecondMoment[i].variable;
      const attrs: AdamAttrs = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate };
      const [newValue, newM, newV] = tf.engine().runKernel(
        ADAM_KERNEL,
        { value, m, v, gradient, accBeta1: this.accBeta1, accBeta2: this.accBeta2 } as unknown as tf.NamedTensorMap,
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
      m.assign(newM!);
      v.assign(newV!);
      value.assign(newValue!);
    });
    this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
    this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
  });
  this.incrementIterations();
}

/** Routes AdamOptimizer.applyGradients to the fused kernel while the active backend has one. */
export function installFusedAdam(): void {
  const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients & { [FUSED]?: true } };
  if (proto.applyGradients[FUSED]) return;
  const original = proto.applyGradients;
  const routed: ApplyGradients = function (gradients) {
    if (tf.getKernel(ADAM_KERNEL, tf.getBackend()) === undefined) return original.call(this, gradients);
    const entries = gradientsOf(gradients);
    return fusable(entries) ? fusedApplyGradients.call(this, entries) : original.call(this, gradients);
  };
  Object.defineProperty(routed, FUSED, { value: true });
  proto.applyGradients = routed;
}
