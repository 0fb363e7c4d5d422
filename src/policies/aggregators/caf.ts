import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { largestEigenpair } from '../../core/symmetric-eigen.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { centeredGram } from './centered-gram.js';
import { pairwiseSquaredDistances } from './pairwise.js';
import { requirement } from './precondition.js';

export const cafParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires 2f < n. Required. */
  f: byzantineCount,
});

export type CafOptions = z.input<typeof cafParams>;

const BLOCK = 2048;

/** out ← Σ cᵢxᵢ / Σ cᵢ, in float64 blocks of coordinates, rows in index order; zero weights skipped. */
function weightedMean(rows: readonly Float32Array[], c: ArrayLike<number>, out: Float32Array, acc: Float64Array): void {
  let total = 0;
  for (let i = 0; i < rows.length; i++) total += c[i];
  for (let start = 0; start < out.length; start += BLOCK) {
    const len = Math.min(BLOCK, out.length - start);
    acc.fill(0, 0, len);
    for (let i = 0; i < rows.length; i++) {
      if (c[i] === 0) continue;
      const row = rows[i];
      for (let k = 0; k < len; k++) acc[k] += c[i] * row[start + k];
    }
    for (let k = 0; k < len; k++) out[start + k] = acc[k] / total;
  }
}

/**
 * Covariance-bound agnostic filter. Weights cᵢ = 1; while Σc > n − 2f: μ_c = Σcᵢxᵢ/Σc, take the top eigenpair
 * (λ, v) of Σ_c = Σcᵢ(xᵢ − μ_c)(xᵢ − μ_c)ᵀ/Σc, remember μ_c if λ is the smallest so far, set
 * τᵢ = ((xᵢ − μ_c)·v)² and cᵢ ← max(0, cᵢ(1 − τᵢ/τ_max)), τ_max the largest τ among vectors with cᵢ > 0. Returns the remembered μ_c. The eigenpair is exact (Jacobi on
 * the n×n weighted centred Gram matrix); with f = 0 the loop never runs and the mean is returned; a zero
 * covariance (λ = 0) stops the loop, its mean being exact.
 * @see Allouah, Guerraoui, Stephan. Towards Trustworthy Federated Learning with Untrusted Participants. ICML 2025;
 * byzfl/aggregators/aggregators.py `CAF`, which estimates λ and v with one power-method step from an unseeded random
 * vector and takes τ_max over all vectors (see docs/rules.md).
 */
export function caf(options: CafOptions, prefix = 'policy'): Aggregator {
  const { f } = parseParams(cafParams, options, prefix);
  let D: Float64Array = new Float64Array(0);
  const acc = new Float64Array(BLOCK);
  return defineAggregator(
    {
      name: 'caf',
      budget: f,
      requirements: [requirement('f', f, '2f < n', (n, budget) => 2 * budget < n)],
      combine(rows, out, _selected, { budget }) {
        const n = rows.length;
        D = pairwiseSquaredDistances(rows, D);
        const all = Array.from({ length: n }, (_, i) => i);
        const c = new Float64Array(n).fill(1);
        let best = c.slice();
        let bestValue = Infinity;
        const B = new Float64Array(n * n);
        const M = new Float64Array(n * n);
        let total = n;
        while (total > n - 2 * budget) {
          const w = Array.from(c, (ci) => ci / total);
          centeredGram(D, n, all, w, B);
          const sw = w.map(Math.sqrt);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = sw[i] * B[i * n + j] * sw[j];
          const { value, vector: u } = largestEigenpair(M, n);
          if (value < bestValue) {
            bestValue = value;
            best = c.slice();
          }
          if (!(value > 0)) break;
          // (xᵢ − μ)·v = (B W^½ u)ᵢ / √λ.
          const tau = new Float64Array(n);
          let tauMax = 0;
          for (let i = 0; i < n; i++) {
            let y = 0;
            for (let j = 0; j < n; j++) y += B[i * n + j] * sw[j] * u[j];
            tau[i] = (y * y) / value;
            // Only vectors still weighted compete for the max: a removed outlier often keeps the largest
            // projection, and would then shrink every other weight by a tiny factor per round.
            if (c[i] > 0 && tau[i] > tauMax) tauMax = tau[i];
          }
          if (!(tauMax > 0)) break;
          total = 0;
          for (let i = 0; i < n; i++) {
            c[i] = Math.max(0, c[i] * (1 - tau[i] / tauMax));
            total += c[i];
          }
        }
        weightedMean(rows, best, out, acc);
      },
    },
    prefix,
  );
}
