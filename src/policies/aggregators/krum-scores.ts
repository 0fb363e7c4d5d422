import { sortRange } from './select.js';

/**
 * Krum scores of the vectors in `pool` (indices into an n×n squared-distance matrix D): for each i in pool,
 * s(i) = Σ of the k smallest D[i][j] over j ∈ pool, j ≠ i. `scores[p]` receives the score of `pool[p]`.
 * The distances are sorted and summed smallest first, so a score does not depend on the order of the
 * inputs. `tmp` is scratch of length ≥ pool.length. Requires 0 ≤ k ≤ pool.length − 1.
 */
export function krumScores(D: Float64Array, n: number, pool: readonly number[], k: number, scores: Float64Array, tmp: Float64Array): Float64Array {
  const p = pool.length;
  for (let a = 0; a < p; a++) {
    const row = pool[a] * n;
    let m = 0;
    for (let b = 0; b < p; b++) if (b !== a) tmp[m++] = D[row + pool[b]];
    sortRange(tmp, 0, m);
    let s = 0;
    for (let t = 0; t < k; t++) s += tmp[t];
    scores[a] = s;
  }
  return scores;
}

/** Position of the smallest score in scores[0..count), the lowest position on ties (a stable argmin). */
export function argmin(scores: Float64Array, count: number): number {
  let best = 0;
  for (let a = 1; a < count; a++) if (scores[a] < scores[best]) best = a;
  return best;
}
