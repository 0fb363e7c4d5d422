import { z } from 'zod';
import { meanOfRows } from '../aggregators/mean.js';
import { outputs, type PreAggregator } from './preaggregator.js';

export const bucketingParams = z.strictObject({
  /** s, vectors per bucket (s = 1 only shuffles). @default 2 */
  s: z.int().positive().default(2),
});

export type BucketingOptions = z.input<typeof bucketingParams>;

/**
 * Bucketing: a seeded random permutation π of the n vectors, then the means of consecutive groups of s,
 * (x_π(1..s)), (x_π(s+1..2s)), …; the last group has n mod s vectors when s does not divide n. ⌈n/s⌉ outputs.
 * @see Karimireddy, He, Jaggi. Byzantine-Robust Learning on Heterogeneous Datasets via Bucketing. ICLR 2022,
 * Algorithm 1; byzfl/aggregators/preaggregators.py `Bucketing` (same incomplete last bucket).
 */
export function bucketing({ s }: z.output<typeof bucketingParams>): PreAggregator {
  const pool: Float32Array[] = [];
  return {
    name: 'bucketing',
    oneToOne: false,
    keepsPositions: false,
    requirements: () => [],
    apply(rows, random) {
      const n = rows.length;
      const order = random().shuffle(rows.map((_, i) => i));
      const m = Math.ceil(n / s);
      const out = outputs(pool, m, rows[0].length);
      for (let b = 0; b < m; b++) meanOfRows(order.slice(b * s, (b + 1) * s).map((i) => rows[i]), out[b]);
      return out.slice(0, m);
    },
  };
}
