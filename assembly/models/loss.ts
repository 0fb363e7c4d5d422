// Output losses of one example, in float64 (exp and log are AssemblyScript's own software implementations, so
// these bits too are the same on every machine).

/**
 * Softmax cross-entropy of the `c` logits at `z` against class `y`: log Σⱼ exp(zⱼ − m) + m − z_y with m = maxⱼ zⱼ,
 * sums over j in increasing order. With `delta` ≠ 0, writes (softmax(z)ⱼ − [j = y])·scale there (float32).
 */
export function softmaxCrossEntropy(z: usize, c: i32, y: i32, delta: usize, scale: f64): f64 {
  let m = <f64>load<f32>(z);
  for (let j = 1; j < c; j++) {
    const v = <f64>load<f32>(z + (<usize>j << 2));
    if (v > m) m = v;
  }
  let s: f64 = 0;
  for (let j = 0; j < c; j++) s += Math.exp(<f64>load<f32>(z + (<usize>j << 2)) - m);
  if (delta) {
    for (let j = 0; j < c; j++) {
      const p = Math.exp(<f64>load<f32>(z + (<usize>j << 2)) - m) / s;
      store<f32>(delta + (<usize>j << 2), <f32>((p - (j == y ? 1.0 : 0.0)) * scale));
    }
  }
  return Math.log(s) + m - <f64>load<f32>(z + (<usize>y << 2));
}

/** Squared error (ẑ − t)² of one output (no ½). With `delta` ≠ 0, writes 2(ẑ − t)·scale there (float32). */
export function squaredError(z: usize, t: f64, delta: usize, scale: f64): f64 {
  const e = <f64>load<f32>(z) - t;
  if (delta) store<f32>(delta, <f32>(2 * e * scale));
  return e * e;
}

/** Index of the largest of the `c` values at `z` (the first one on ties), as tfjs's argMax. */
export function argmax(z: usize, c: i32): i32 {
  let best = 0;
  let m = load<f32>(z);
  for (let j = 1; j < c; j++) {
    const v = load<f32>(z + (<usize>j << 2));
    if (v > m) {
      m = v;
      best = j;
    }
  }
  return best;
}
