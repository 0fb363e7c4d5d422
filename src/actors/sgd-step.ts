/**
 * One SGD step with weight decay into a fresh buffer: out = x − lr·(d + wd·x). Reads `x` and `d`, never
 * writes them (old model versions stay valid for workers still computing on them).
 */
export function sgdStep(out: Float32Array, x: Float32Array, lr: number, d: Float32Array, weightDecay: number): void {
  const n = x.length;
  if (d.length !== n || out.length !== n) throw new RangeError(`sgdStep: lengths ${out.length}, ${n}, ${d.length} differ`);
  if (weightDecay === 0) {
    for (let i = 0; i < n; i++) out[i] = x[i] - lr * d[i];
  } else {
    for (let i = 0; i < n; i++) out[i] = x[i] - lr * (d[i] + weightDecay * x[i]);
  }
}
