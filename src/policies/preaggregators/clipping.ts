import { z } from 'zod';
import { norm, scaleInto } from '../../engine/vectors.js';
import { outputs, type PreAggregator } from './preaggregator.js';

export const clippingParams = z.strictObject({
  /** c, the norm bound: vectors longer than c are scaled down to norm c. @default 2 (as ByzFL) */
  c: z.number().nonnegative().finite().default(2),
});

export type ClippingOptions = z.input<typeof clippingParams>;

/**
 * Static clipping: yᵢ = min(1, c/‖xᵢ‖)·xᵢ; a zero vector stays zero.
 * @see byzfl/aggregators/preaggregators.py, `Clipping` (LPD-EPFL/byzfl), which rescales its input in place.
 */
export function clipping({ c }: z.output<typeof clippingParams>): PreAggregator {
  const pool: Float32Array[] = [];
  return {
    name: 'clipping',
    oneToOne: true,
    keepsPositions: true,
    requirements: () => [],
    apply(rows) {
      const out = outputs(pool, rows.length, rows[0].length);
      return rows.map((x, i) => clipTo(out[i], x, c));
    },
  };
}

/** out ← min(1, c/‖x‖)·x (a copy when ‖x‖ ≤ c). */
export function clipTo(out: Float32Array, x: Float32Array, c: number): Float32Array {
  const size = norm(x);
  if (size > c) return scaleInto(out, c / size, x);
  out.set(x);
  return out;
}
