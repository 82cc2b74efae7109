// Identity without a copy. The engine clones every tensor a gradient will need (the weights of
// each Dense layer included, 1.6 MB for the seed's first layer) through this kernel at every
// training step; tfjs-backend-wasm copies the data, while the cpu and webgl backends share it
// and count a reference, which is safe because tfjs never writes into a tensor's data.

import type { WasmKernelFunc } from './kernelTools';

export function makeIdentity(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const x = args.inputs['x']!;
    if (x.dtype === 'string') return original(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
