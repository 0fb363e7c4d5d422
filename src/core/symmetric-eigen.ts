/**
 * The largest eigenvalue and a unit eigenvector of a small symmetric matrix, by cyclic Jacobi rotations
 * (deterministic, no random start). For the m ≤ ~50 matrices of CAF and SMEA, where a few sweeps reach machine
 * precision; sweeps stop when the off-diagonal mass is below 1e-30 of the total, or after 100.
 * @see Golub, Van Loan. Matrix Computations, 4th ed., §8.5 (the cyclic Jacobi method).
 */
export function largestEigenpair(matrix: Float64Array, m: number): { value: number; vector: Float64Array } {
  const a = matrix.slice(0, m * m);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  let total = 0;
  for (let i = 0; i < m * m; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q] * a[p * m + q];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p];
          const vkq = v[k * m + q];
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < m; i++) if (a[i * m + i] > a[best * m + best]) best = i;
  const vector = new Float64Array(m);
  for (let k = 0; k < m; k++) vector[k] = v[k * m + best];
  return { value: a[best * m + best], vector };
}
