// Conv2D on the wasm backend: as a product on the fused-multiply-add kernel (convGemm.ts) where it
// runs and the window is wide enough to pay for writing the patches out; tfjs's XNNPACK kernel
// otherwise (a first layer on one or three channels: XNNPACK reads its windows in place).

import * as tf from '@tensorflow/tfjs';
import { convByGemm } from './convGemm';
import { relaxedSimdUnavailable } from './simdModules';
import type { Shape4, WasmKernelFunc } from './kernelTools';

/** Below this window size (fh·fw·ci) im2col's copies cost more than the product gains. */
const MIN_WINDOW = 32;

export function makeConv2D(original: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x']!;
    const filter = inputs['filter']!;
    if (attrs['dataFormat'] === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32' || relaxedSimdUnavailable() !== undefined) return original(args);
    const [fh, fw, ci] = filter.shape as Shape4;
    if (fh * fw * ci < MIN_WINDOW) return original(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4,
      filter.shape as Shape4,
      attrs['strides'] as [number, number] | number,
      attrs['dilations'] as [number, number] | number,
      attrs['pad'] as 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
      attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
      false,
      'channelsLast',
    );
    return convByGemm(backend, x, filter, info);
  };
}
