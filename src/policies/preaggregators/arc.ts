import { z } from 'zod';
import { byzantineCount } from '../aggregators/byzantine-count.js';
import { norm } from '../../engine/vectors.js';
import { requirement } from '../aggregators/precondition.js';
import { clipTo } from './clipping.js';
import { outputs, type PreAggregator } from './preaggregator.js';

export const arcParams = z.strictObject({
  /** f, Byzantine vectors expected; requires f ≤ n. Required. */
  f: byzantineCount,
});

export type ArcOptions = z.input<typeof arcParams>;

/**
 * Adaptive robust clipping: k = ⌊2(f/n)(n − f)⌋; sort the norms ascending (ties by index); the k largest
 * vectors are clipped to the norm of the (k+1)-th largest, the others pass unchanged. k = 0 changes nothing.
 * @see Allouah, Guerraoui, Gupta, Jellouli, Rizk, Stephan. The Vital Role of Gradient Clipping in
 * Byzantine-Resilient Distributed Learning. arXiv:2405.14432, 2024; byzfl/aggregators/preaggregators.py `ARC`.
 */
export function arc({ f }: z.output<typeof arcParams>): PreAggregator {
  const pool: Float32Array[] = [];
  return {
    name: 'arc',
    oneToOne: true,
    keepsPositions: true,
    budget: f,
    requirements: () => [requirement('f', f, 'f ≤ n', (n, budget) => budget <= n)],
    apply(rows, _random, f) {
      const n = rows.length;
      const out = outputs(pool, n, rows[0].length);
      const norms = rows.map(norm);
      const order = norms.map((_, i) => i).sort((a, b) => norms[a] - norms[b] || a - b);
      const k = Math.floor(2 * (f / n) * (n - f));
      const threshold = k > 0 ? norms[order[n - k - 1]] : Infinity;
      return rows.map((x, i) => clipTo(out[i], x, threshold));
    },
  };
}
