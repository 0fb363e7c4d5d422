/**
 * Exact least-squares fit of y ≈ X·w + b over the rows `rows` of a row-major `x` (n × features), by solving
 * the normal equations AᵀA θ = Aᵀy with A = [X 1] in float64 (Cholesky). Returns θ = [w_0..w_{d-1}, b].
 * Meant for small problems (features up to a few hundred): O(n·d² + d³).
 */
export function leastSquares(x: Float32Array, y: Float32Array, rows: Int32Array, features: number): Float64Array {
  const m = features + 1; // unknowns: w and the intercept
  const ata = new Float64Array(m * m);
  const aty = new Float64Array(m);
  const a = new Float64Array(m);
  for (const r of rows) {
    for (let j = 0; j < features; j++) a[j] = x[r * features + j];
    a[features] = 1;
    const yr = y[r];
    for (let i = 0; i < m; i++) {
      const ai = a[i];
      aty[i] += ai * yr;
      for (let j = 0; j <= i; j++) ata[i * m + j] += ai * a[j];
    }
  }
  // Cholesky AᵀA = L·Lᵀ on the lower triangle, in place.
  for (let j = 0; j < m; j++) {
    let d = ata[j * m + j];
    for (let k = 0; k < j; k++) d -= ata[j * m + k] ** 2;
    if (!(d > 0)) throw new RangeError(`least squares: normal equations are singular (${rows.length} rows for ${m} unknowns?)`);
    const ljj = Math.sqrt(d);
    ata[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = ata[i * m + j];
      for (let k = 0; k < j; k++) s -= ata[i * m + k] * ata[j * m + k];
      ata[i * m + j] = s / ljj;
    }
  }
  // Forward (L z = Aᵀy) then backward (Lᵀ θ = z) substitution.
  const theta = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = aty[i];
    for (let k = 0; k < i; k++) s -= ata[i * m + k] * theta[k];
    theta[i] = s / ata[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = theta[i];
    for (let k = i + 1; k < m; k++) s -= ata[k * m + i] * theta[k];
    theta[i] = s / ata[i * m + i];
  }
  return theta;
}
