/**
 * The Gram matrix of vectors centred on their weighted mean, from squared distances alone:
 * (xᵢ − μ)·(xⱼ − μ) = −½ (Dᵢⱼ − rᵢ − rⱼ + t), μ = Σ wₖxₖ, rᵢ = Σₖ wₖDᵢₖ, t = Σₖ wₖrₖ (Σ w = 1). Built on the
 * pairwise squared distances every distance-based rule already computes, so CAF and SMEA never form a d×d
 * covariance: its nonzero spectrum is that of the small m×m matrix W^½ B W^½.
 * `members` picks rows/columns of the n×n matrix D; writes the m×m result into `out` and returns it.
 */
export function centeredGram(D: Float64Array, n: number, members: ArrayLike<number>, weights: ArrayLike<number>, out: Float64Array): Float64Array {
  const m = members.length;
  const r = new Float64Array(m);
  let t = 0;
  for (let a = 0; a < m; a++) {
    const row = members[a] * n;
    let s = 0;
    for (let b = 0; b < m; b++) s += weights[b] * D[row + members[b]];
    r[a] = s;
  }
  for (let a = 0; a < m; a++) t += weights[a] * r[a];
  for (let a = 0; a < m; a++) {
    const row = members[a] * n;
    for (let b = 0; b < m; b++) out[a * m + b] = -0.5 * (D[row + members[b]] - r[a] - r[b] + t);
  }
  return out;
}
