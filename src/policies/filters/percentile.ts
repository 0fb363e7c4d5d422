/**
 * The two percentile definitions the Kardam sources disagree on, and a third without interpolation (docs/rules.md,
 * 'Percentile definitions'), as pure functions of a
 * Float64Array and a level p ∈ [0, 1]. Non-finite values are dropped first (a NaN would make any comparator
 * inconsistent, §6.1); the rest are copied and sorted numerically with Float64Array.prototype.sort, so the
 * input is never reordered. With no finite value the result is NaN: callers decide what an empty table means.
 */

/**
 * 'linear': NumPy's default (`np.quantile`, method 'linear'); 'legacy': Apache commons-math `Percentile` default;
 * 'nearest-rank': the order statistic of rank ⌈p·N⌉, no interpolation (our choice for Kardam, see {@link nearestRankPercentile}).
 */
export type PercentileDefinition = 'linear' | 'legacy' | 'nearest-rank';

/**
 * Copies the finite values of `values` to the front of `scratch` (or of a new array) and sorts them; returns
 * how many there are. The unused tail is filled with +Infinity so the whole buffer can be sorted without
 * making a subarray view, and +Infinity sorts last.
 */
function sortFinite(values: Float64Array, scratch: Float64Array | undefined): { sorted: Float64Array; m: number } {
  const sorted = scratch ?? new Float64Array(values.length);
  if (sorted.length < values.length) throw new RangeError(`percentile: scratch has length ${sorted.length}, expected at least ${values.length}`);
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sorted[m++] = values[i];
  sorted.fill(Infinity, m);
  sorted.sort();
  return { sorted, m };
}

function requireLevel(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: expected a level p in [0, 1], got ${p}`);
}

/**
 * NumPy's default linear percentile of the finite values x₍₀₎ ≤ … ≤ x₍N−1₎:
 *
 *   h = (N − 1)·p,  j = ⌊h⌋,  γ = h − j,  result = x₍j₎ + γ·(x₍j+1₎ − x₍j₎)   (x₍N−1₎ when j = N − 1)
 *
 * The interpolation is written as NumPy's `_lerp` writes it (from the upper end when γ ≥ 0.5), so results
 * match `np.quantile(x, p)` to the last bit. `scratch`, if given, must hold at least `values.length` numbers.
 * @see NumPy `numpy.quantile`, method 'linear' (Hyndman & Fan type 7).
 */
export function linearPercentile(values: Float64Array, p: number, scratch?: Float64Array): number {
  requireLevel(p);
  const { sorted, m } = sortFinite(values, scratch);
  if (m === 0) return NaN;
  const h = (m - 1) * p;
  const j = Math.floor(h);
  if (j >= m - 1) return sorted[m - 1];
  const a = sorted[j];
  const b = sorted[j + 1];
  const gamma = h - j;
  return gamma >= 0.5 ? b - (b - a) * (1 - gamma) : a + (b - a) * gamma;
}

/**
 * Apache commons-math `Percentile` with its default estimator, LEGACY, at level p (commons-math takes 100·p):
 *
 *   pos = 0 if p = 0, N if p = 1, else p·(N + 1)
 *   result = x₍₀₎ if pos < 1;  x₍N−1₎ if pos ≥ N;  else x₍⌊pos⌋−1₎ + (pos − ⌊pos⌋)·(x₍⌊pos⌋₎ − x₍⌊pos⌋−1₎)
 *
 * (1-based positions, clamped at both ends). commons-math refuses p = 0; here it is the minimum.
 * @see Apache Commons Math 3, `org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType.LEGACY`.
 */
export function legacyPercentile(values: Float64Array, p: number, scratch?: Float64Array): number {
  requireLevel(p);
  const { sorted, m } = sortFinite(values, scratch);
  if (m === 0) return NaN;
  const pos = p === 0 ? 0 : p === 1 ? m : p * (m + 1);
  if (pos < 1) return sorted[0];
  if (pos >= m) return sorted[m - 1];
  const j = Math.floor(pos);
  const lower = sorted[j - 1];
  return lower + (pos - j) * (sorted[j] - lower);
}

/** A position p·N within this of an integer is that integer: (n − f)/n · n must give n − f despite rounding. */
const RANK_TOLERANCE = 1e-9;

/**
 * The nearest-rank percentile: the smallest of the finite values x₍₁₎ ≤ … ≤ x₍N₎ (1-based) with at least p·N
 * values at or below it, i.e. the order statistic of rank
 *
 *   r = max(1, ⌈p·N⌉)   (a p·N within 1e-9 of an integer counts as that integer, so float rounding of
 *                        (n − f)/n · n cannot move the rank past n − f)
 *
 * No interpolation: the result is always one of the values. At p = (n − f)/n over n values it is the (n − f)-th
 * smallest, which at most f values placed anywhere cannot lift above the largest of the other n − f.
 * Our construction for Kardam (docs/rules.md, 'Why an attack makes Kardam accept more honest gradients'); it is
 * Hyndman & Fan's type 1 (NumPy method 'inverted_cdf'), while the Kardam codes we read use the linear estimators.
 */
export function nearestRankPercentile(values: Float64Array, p: number, scratch?: Float64Array): number {
  requireLevel(p);
  const { sorted, m } = sortFinite(values, scratch);
  if (m === 0) return NaN;
  const pos = p * m;
  const near = Math.round(pos);
  const r = Math.abs(pos - near) <= RANK_TOLERANCE ? near : Math.ceil(pos);
  return sorted[Math.min(m, Math.max(1, r)) - 1];
}

/** The percentile of `values` at level p under `definition` (see {@link linearPercentile}, {@link legacyPercentile}, {@link nearestRankPercentile}). */
export function percentile(values: Float64Array, p: number, definition: PercentileDefinition, scratch?: Float64Array): number {
  if (definition === 'nearest-rank') return nearestRankPercentile(values, p, scratch);
  return definition === 'linear' ? linearPercentile(values, p, scratch) : legacyPercentile(values, p, scratch);
}
