// The last rung: tfjs's pure-JavaScript backend. Always there, and slow (no SIMD, no threads).

import { activate } from '../activate';
import { RungUnavailable } from '../timeout';
import type { Rung } from './context';

export const cpuRung: Rung = {
  name: 'cpu',
  async start(ctx) {
    const factory = ctx.tf.findBackendFactory('cpu');
    if (factory === null) throw new RungUnavailable('tfjs did not register its cpu backend', 'unusable');
    await activate(ctx.tf, 'cpu', factory, ctx.timeoutMs, 1);
    return 'pure JavaScript';
  },
};
