// Puts the project's kernels on a tfjs backend (wasm/register.ts, webgpu/register.ts): `replaced`
// wraps a kernel the backend package has (the wrapper gets the original for what it does not handle,
// and keeps the original's setup, which binds what the original calls); `added` registers kernels
// the package lacks. Each of ours is marked with Symbol.for(`tlnb.${backend}Kernel`), so that
// calling again changes nothing.

import * as tf from '@tensorflow/tfjs';

export interface OwnKernels<F> {
  /** The backend's name in tfjs ('wasm', 'webgpu') and the package that provides it (for the error). */
  backend: string;
  packageName: string;
  replaced: Record<string, (original: F) => F>;
  added: Record<string, F>;
}

export function registerOwnKernels<F extends object>({ backend, packageName, replaced, added }: OwnKernels<F>): void {
  const ours = Symbol.for(`tlnb.${backend}Kernel`);
  const register = (kernelName: string, kernelFunc: F, setupFunc?: tf.KernelSetupFunc): void => {
    Object.defineProperty(kernelFunc, ours, { value: true });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- F is the backend's own kernel type (its backend argument typed as that backend), which tfjs calls as a KernelFunc
    const config: tf.KernelConfig = { kernelName, backendName: backend, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
    if (setupFunc !== undefined) config.setupFunc = setupFunc;
    tf.registerKernel(config);
  };
  for (const [name, make] of Object.entries(replaced)) {
    const original = tf.getKernel(name, backend);
    if (original === undefined) throw new Error(`${packageName} has no '${name}' kernel to improve; tlnb expects ${packageName} 4.22`);
    if (Reflect.get(original.kernelFunc, ours) === true) continue;
    tf.unregisterKernel(name, backend);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the package's kernel, registered for this backend, is of the backend's own kernel type F
    register(name, make(original.kernelFunc as unknown as F), original.setupFunc);
  }
  for (const [name, kernelFunc] of Object.entries(added)) {
    if (tf.getKernel(name, backend) !== undefined) continue; // ours already, or a later package has its own
    register(name, kernelFunc);
  }
}
