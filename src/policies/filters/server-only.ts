import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { accept, defineFilter, reject, type ArrivalContext, type AsyncFilter, type Decision } from './filter.js';

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
 * rejected, except the one that carries the server's step (arrival index a multiple of K), which is logged as
 * accepted; when that arrival was non-finite or omitted it stays rejected with its reason and the decision
 * carries `serverStep: true`, so the step is still taken.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (baseline; authors' train_cifar10_server.py).
 */
export function serverOnly(options: z.input<typeof serverOnlyParams> = {}): AsyncFilter {
  const p = parseParams(serverOnlyParams, options, 'policy');
  let counted = 0;
  /** Whether this arrival carries a step: its index (the server's, which counts screened and omitted arrivals too) is a multiple of K. */
  const due = (ctx: ArrivalContext): boolean => {
    const index = ctx.arrival ?? counted;
    counted = index + 1;
    return index % p.refreshEvery === 0;
  };
  const step = (ctx: ArrivalContext, out: Float32Array): Decision => {
    if (ctx.validation === undefined) throw new Error('server-only: no validation gradient in the arrival context');
    out.set(ctx.validation);
    return accept();
  };
  return defineFilter({
    name: 'server-only',
    refreshEvery: p.refreshEvery,
    validationBatch: p.validationBatch,
    // The validator refreshes v at arrivals 0, K, 2K, ...: step once on each fresh v.
    judge: (_g, ctx, out) => (due(ctx) ? step(ctx, out) : reject('score')),
    // A screened or omitted arrival still counts, and the step due on it is still taken, as the server's own
    // (the arrival stays rejected): otherwise the steps would drift off the refreshes under a non-finite or
    // omission attack.
    screened: (reason, ctx, out) => (due(ctx) ? { ...reject(reason), serverStep: step(ctx, out).accepted } : reject(reason)),
  });
}
