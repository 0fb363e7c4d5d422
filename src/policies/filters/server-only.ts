import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { accept, defineFilter, reject, type AsyncFilter } from './filter.js';

export const serverOnlyParams = z.strictObject({
  /** K: one server step every K arrivals, on a fresh validation gradient. @default 10 */
  refreshEvery: z.int().min(1).default(10),
  /** n_s, the validation minibatch. @default 64 */
  validationBatch: z.int().min(1).default(64),
});

/**
 * The "server only" baseline of the Zeno++ experiments: the workers' gradients are all ignored; every K
 * arrivals the server steps along its own validation gradient (batch n_s), so it trains on the validation set
 * alone. It shows that Zeno++ is more than "training on the validation data". Arrivals are logged as
 * rejected, except the one that carries the server's step, which is logged as accepted.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (baseline; authors' train_cifar10_server.py).
 */
export function serverOnly(options: z.input<typeof serverOnlyParams> = {}): AsyncFilter {
  const p = parseParams(serverOnlyParams, options, 'policy');
  let arrivals = 0;
  return defineFilter({
    name: 'server-only',
    refreshEvery: p.refreshEvery,
    validationBatch: p.validationBatch,
    judge(_g, ctx, out) {
      // The validator refreshes v at arrivals 0, K, 2K, ...: step once on each fresh v.
      if (arrivals++ % p.refreshEvery !== 0) return reject('score');
      if (ctx.validation === undefined) throw new Error('server-only: no validation gradient in the arrival context');
      out.set(ctx.validation);
      return accept();
    },
  });
}
