import { z } from 'zod';

/**
 * A staleness function s(τ) ≥ 0 of τ = server version − the version a vector was computed on. Written as a name,
 * or as an object with the name and its parameters:
 *
 *   'none' / 'constant'   s = 1
 *   'exponential'         s = exp(−α·τ)                          (Kardam, `Dampening.java`; α from the filter's `alpha`)
 *   'inverse'             s = 1/(τ + 1)                          (Kardam's INVERSE, DynSGD-style)
 *   'polynomial'          s = (τ + 1)^(−a),  a = 0.5 by default   (FedAsync §3, Xie, Koyejo, Gupta 2019)
 *   'hinge'               s = 1 if τ ≤ b, else 1/(a·(τ − b) + 1), a = 10, b = 4 by default   (FedAsync §3)
 *   'staleness-aware'     s = 1/max(τ, 1)                        (learning rate divided by the staleness: Zhang, Gupta,
 *                                                                  Lian, Liu, Staleness-aware Async-SGD, IJCAI 2016, §3)
 */
export const stalenessFunction = z.union(
  [
    z.enum(['none', 'constant', 'exponential', 'inverse', 'polynomial', 'hinge', 'staleness-aware']),
    z.strictObject({ name: z.literal('exponential'), alpha: z.number().min(0).default(0.2) }),
    z.strictObject({ name: z.literal('polynomial'), a: z.number().min(0).default(0.5) }),
    z.strictObject({ name: z.literal('hinge'), a: z.number().min(0).default(10), b: z.number().min(0).default(4) }),
  ],
  {
    error:
      "expected 'none' | 'constant' | 'exponential' | 'inverse' | 'polynomial' | 'hinge' | 'staleness-aware', or { name: 'exponential', alpha } | { name: 'polynomial', a } | { name: 'hinge', a, b }",
  },
);

/** A staleness function as written in a config. */
export type StalenessFunction = z.output<typeof stalenessFunction>;

/**
 * s(τ) of `fn` (see {@link stalenessFunction}); `alpha` is the exponential rate used by the plain name
 * 'exponential'. A negative or non-finite τ is a wiring bug (it would amplify the step), so it throws.
 */
export function stalenessWeight(fn: StalenessFunction, staleness: number, alpha = 0.2): number {
  if (!(staleness >= 0 && Number.isFinite(staleness))) throw new RangeError(`staleness function: expected a staleness >= 0, got ${staleness}`);
  const spec = typeof fn === 'string' ? { name: fn } : fn;
  switch (spec.name) {
    case 'none':
    case 'constant':
      return 1;
    case 'exponential':
      return Math.exp(-('alpha' in spec ? spec.alpha : alpha) * staleness);
    case 'inverse':
      return 1 / (staleness + 1);
    case 'polynomial':
      return (staleness + 1) ** -('a' in spec ? spec.a : 0.5);
    case 'hinge': {
      const a = 'a' in spec ? spec.a : 10;
      const b = 'b' in spec ? spec.b : 4;
      return staleness <= b ? 1 : 1 / (a * (staleness - b) + 1);
    }
    case 'staleness-aware':
      return 1 / Math.max(staleness, 1);
  }
}
