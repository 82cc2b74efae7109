// Adam's update as one fused kernel on the wasm backend (simd/adamUpdate.wat).
//
// tf.train.adam (AdamOptimizer.applyGradients) updates each variable with ~13 tensor operations,
// each a full pass with its own allocation; on the wasm backend that was a quarter of a training
// step of the seed's MNIST MLP. On `wasm`, tlnb replaces applyGradients with the same steps around
// one `TlnbAdamUpdate` kernel per variable, which does the same float32 operations in the same
// order in one pass, so the weights are those the unfused update gives. Every other backend, and
// variables that are not float32, keep tfjs's own update.

import * as tf from '@tensorflow/tfjs';
import type { WasmKernelFunc } from './kernelTools';
import { heapOffset, simdKernels } from './simdModules';
import * as adamUpdateWasm from './simd/adamUpdate.generated';

export const ADAM_KERNEL = 'TlnbAdamUpdate';

interface AdamExports {
  adamUpdate(
    w: number, m: number, v: number, g: number, outW: number, outM: number, outV: number, len: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    c1: number, c2: number, negLr: number, eps: number,
  ): void;
}

/** Inputs value, m, v, gradient (float32, one shape); outputs the new value, m and v. */
export const adamUpdate: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { value, m, v, gradient } = inputs as Record<'value' | 'm' | 'v' | 'gradient', tf.TensorInfo>;
  const shape = [...value.shape];
  const outs = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32'));
  const [outW, outM, outV] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  const num = (name: string) => attrs[name] as number;
  simdKernels<AdamExports>(backend, adamUpdateWasm).adamUpdate(
    at(value), at(m), at(v), at(gradient), at(outW), at(outM), at(outV), tf.util.sizeFromShape(shape),
    num('beta1'), 1 - num('beta1'), num('beta2'), 1 - num('beta2'),
    num('c1'), num('c2'), -num('learningRate'), num('epsilon'),
  );
  // The engine takes one result per output; a multi-output kernel returns them as a list.
  return outs as unknown as tf.TensorInfo;
};

/** AdamOptimizer's fields that applyGradients uses (TypeScript-private in tfjs-core). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
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
    // The bias corrections as float32 (what sub(1, accBeta) gives).
    const c1 = Math.fround(1 - this.accBeta1.dataSync()[0]!);
    const c2 = Math.fround(1 - this.accBeta2.dataSync()[0]!);
    entries.forEach(([name, gradient], i) => {
      const value = tf.engine().registeredVariables[name]!;
      this.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      this.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient === undefined || gradient === null) return;
      const m = this.accumulatedFirstMoment[i].variable;
      const v = this.accumulatedSecondMoment[i].variable;
      const [newValue, newM, newV] = tf.engine().runKernel(
        ADAM_KERNEL,
        { value, m, v, gradient } as unknown as tf.NamedTensorMap,
        { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate, c1, c2 },
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

/** Routes AdamOptimizer.applyGradients to the fused kernel while the wasm backend is active. */
export function installFusedAdam(): void {
  const proto = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients & { [FUSED]?: true } };
  if (proto.applyGradients[FUSED]) return;
  const original = proto.applyGradients;
  const routed: ApplyGradients = function (gradients) {
    if (tf.getBackend() !== 'wasm' || tf.getKernel(ADAM_KERNEL, 'wasm') === undefined) return original.call(this, gradients);
    const entries = gradientsOf(gradients);
    return fusable(entries) ? fusedApplyGradients.call(this, entries) : original.call(this, gradients);
  };
  Object.defineProperty(routed, FUSED, { value: true });
  proto.applyGradients = routed;
}
