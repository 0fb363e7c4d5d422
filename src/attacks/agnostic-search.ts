import { distance } from '../engine/vectors.js';

/** The perturbation directions of Shejwalkar and Houmansadr's AGR-agnostic attacks. */
export type Perturbation = 'unit' | 'std' | 'sign';

/** Which bound the malicious vector must respect. */
export type AgnosticBound = 'min-max' | 'min-sum';

/**
 * out = μ − γ·p for the largest γ (binary search from γ₀, halving steps until they are below `tolerance`) such
 * that the malicious vector m stays within the honest vectors' own spread: 'min-max': max_i ‖m − gᵢ‖² ≤
 * max_{i,j} ‖gᵢ − gⱼ‖²; 'min-sum': Σᵢ ‖m − gᵢ‖² ≤ min_i Σⱼ ‖gᵢ − gⱼ‖². μ is the mean of `rows`, p the
 * perturbation: 'unit' μ/‖μ‖, 'std' the coordinate-wise standard deviation (n − 1 denominator), 'sign' sign(μ).
 * With one known vector (nothing to compare) or p = 0, γ = 0 and out = μ. Returns γ.
 * @see Shejwalkar, Houmansadr. Manipulating the Byzantine: Optimizing Model Poisoning Attacks and Defenses for
 * Federated Learning. NDSS 2021, §IV-B (AGR-agnostic Min-Max and Min-Sum); the authors' code (NDSS21-Model-Poisoning)
 * for γ₀ = 10, the 1e-5 stop and squared distances.
 */
export function agnosticSearch(rows: readonly Float32Array[], bound: AgnosticBound, perturbation: Perturbation, gammaInit: number, tolerance: number, out: Float32Array): number {
  const n = rows.length;
  const d = out.length;
  const mu = new Float64Array(d);
  for (const g of rows) for (let j = 0; j < d; j++) mu[j] += g[j];
  for (let j = 0; j < d; j++) mu[j] /= n;
  const p = new Float64Array(d);
  if (perturbation === 'unit') {
    let s = 0;
    for (let j = 0; j < d; j++) s += mu[j] * mu[j];
    const len = Math.sqrt(s);
    if (len > 0) for (let j = 0; j < d; j++) p[j] = mu[j] / len;
  } else if (perturbation === 'sign') {
    for (let j = 0; j < d; j++) p[j] = Math.sign(mu[j]);
  } else if (n > 1) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (const g of rows) s += (g[j] - mu[j]) ** 2;
      p[j] = Math.sqrt(s / (n - 1));
    }
  }
  const write = (gamma: number) => {
    for (let j = 0; j < d; j++) out[j] = mu[j] - gamma * p[j];
  };
  if (n < 2 || p.every((x) => x === 0)) {
    write(0);
    return 0;
  }
  // The honest spread, from squared pairwise distances.
  let limit = bound === 'min-max' ? 0 : Infinity;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const dd = distance(rows[i], rows[k]) ** 2;
      sum += dd;
      if (bound === 'min-max' && dd > limit) limit = dd;
    }
    if (bound === 'min-sum' && sum < limit) limit = sum;
  }
  const fits = () => {
    let worst = 0;
    for (const g of rows) {
      const dd = distance(out, g) ** 2;
      worst = bound === 'min-max' ? Math.max(worst, dd) : worst + dd;
    }
    return worst <= limit;
  };
  let gamma = gammaInit;
  let step = gammaInit;
  let success = 0;
  while (Math.abs(success - gamma) > tolerance) {
    write(gamma);
    if (fits()) {
      success = gamma;
      gamma += step / 2;
    } else gamma -= step / 2;
    step /= 2;
  }
  write(success);
  return success;
}
