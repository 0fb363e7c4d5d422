import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';

/** Parameters of {@link nonFinite}. */
export const nonFiniteParams = z.strictObject({
  /** What the attacked coordinates become. @default 'nan' */
  value: z.enum(['nan', '+inf', '-inf']).default('nan'),
  /** Fraction of coordinates attacked, in (0, 1]: the first ⌈fraction·d⌉. @default 1 */
  fraction: z.number().gt(0).max(1).default(1),
});

/** Non-finite-attack parameters as written by a user. */
export type NonFiniteOptions = z.input<typeof nonFiniteParams>;

const values = { nan: NaN, '+inf': Infinity, '-inf': -Infinity } as const;

/**
 * ⌈fraction·d⌉, robust to products like 0.3·10 = 3.0000000000000004 that a bare Math.ceil would round up to
 * 4: a product within 1e-9 (relative) of an integer counts as that integer. At least 1, at most d.
 */
export function attackedCount(fraction: number, d: number): number {
  const x = fraction * d;
  const r = Math.round(x);
  const k = Math.abs(x - r) <= 1e-9 * Math.max(1, x) ? r : Math.ceil(x);
  return Math.min(d, Math.max(1, k));
}

/**
 * Non-finite values: out_i = v (NaN, +∞ or −∞) for i < ⌈fraction·d⌉, out_i = g_i for the rest. Tests the
 * NaN/Inf policy (docs/rules.md, 'Non-finite inputs'): every aggregator must drop such a vector and count it.
 * @see Pillutla, Kakade, Harchaoui. Robust Aggregation for Federated Learning. IEEE TSP 2022 (rejects NaN/Inf updates; no paper defines this attack).
 */
export function nonFinite(options: NonFiniteOptions = {}): Attack {
  const { value, fraction } = parseParams(nonFiniteParams, options, 'byzantine.attack');
  const v = values[value];
  return defineAttack('non-finite', (honest, out) => {
    const k = out.length === 0 ? 0 : attackedCount(fraction, out.length);
    out.set(honest.subarray(k), k);
    out.fill(v, 0, k);
  });
}
