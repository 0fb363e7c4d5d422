// Vector kernels over float32 data in linear memory; every pointer is a byte address, every length a count of floats.
// Reductions reproduce src/core/vectors.ts bit for bit: each product or square is formed in float64 from the float32
// inputs and added into four float64 partial sums, lane i mod 4 (held as two f64x2 accumulators: lanes 0,1 and 2,3);
// the tail (n mod 4 elements) is added to lane 0 in order; the result is (s0 + s1) + (s2 + s3). Wasm has no fused
// multiply-add and no relaxed semantics here, so these bits are the same on every machine.

/**
 * The two float32 at `p`, promoted to a float64x2. Each group of four is read as two 64-bit loads (p and p + 8)
 * rather than one 128-bit load and a lane shuffle for its upper half: V8 compiles that shuffle to several
 * instructions, and the loads made these loops about a third faster. Same values, same order, same bits.
 */
@inline function pair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** Rounds a float64x2 to two float32 and stores them at `p` (the counterpart of `pair`). */
@inline function storePair(p: usize, x: v128): v128 {
  const r = f32x4.demote_f64x2_zero(x);
  v128.store64_lane(p, r, 0);
  return r;
}

@inline function combine(a01: v128, a23: v128): f64 {
  return (f64x2.extract_lane(a01, 0) + f64x2.extract_lane(a01, 1)) + (f64x2.extract_lane(a23, 0) + f64x2.extract_lane(a23, 1));
}

/** Σ aᵢbᵢ. */
export function dot(a: usize, b: usize, n: i32): f64 {
  const tail = n & ~3;
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  for (let i = 0; i < tail; i += 4) {
    const off = <usize>i << 2;
    s01 = f64x2.add(s01, f64x2.mul(pair(a + off), pair(b + off)));
    s23 = f64x2.add(s23, f64x2.mul(pair(a + off + 8), pair(b + off + 8)));
  }
  let s0 = f64x2.extract_lane(s01, 0);
  for (let i = tail; i < n; i++) {
    const off = <usize>i << 2;
    s0 += <f64>load<f32>(a + off) * <f64>load<f32>(b + off);
  }
  return combine(f64x2.replace_lane(s01, 0, s0), s23);
}

/** Σ aᵢ². */
export function squaredNorm(a: usize, n: i32): f64 {
  const tail = n & ~3;
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  for (let i = 0; i < tail; i += 4) {
    const off = <usize>i << 2;
    const lo = pair(a + off);
    const hi = pair(a + off + 8);
    s01 = f64x2.add(s01, f64x2.mul(lo, lo));
    s23 = f64x2.add(s23, f64x2.mul(hi, hi));
  }
  let s0 = f64x2.extract_lane(s01, 0);
  for (let i = tail; i < n; i++) {
    const x = <f64>load<f32>(a + (<usize>i << 2));
    s0 += x * x;
  }
  return combine(f64x2.replace_lane(s01, 0, s0), s23);
}

/** Σ (aᵢ − bᵢ)², each difference formed in float64. */
export function squaredDistance(a: usize, b: usize, n: i32): f64 {
  const tail = n & ~3;
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  for (let i = 0; i < tail; i += 4) {
    const off = <usize>i << 2;
    const d01 = f64x2.sub(pair(a + off), pair(b + off));
    const d23 = f64x2.sub(pair(a + off + 8), pair(b + off + 8));
    s01 = f64x2.add(s01, f64x2.mul(d01, d01));
    s23 = f64x2.add(s23, f64x2.mul(d23, d23));
  }
  let s0 = f64x2.extract_lane(s01, 0);
  for (let i = tail; i < n; i++) {
    const off = <usize>i << 2;
    const d = <f64>load<f32>(a + off) - <f64>load<f32>(b + off);
    s0 += d * d;
  }
  return combine(f64x2.replace_lane(s01, 0, s0), s23);
}

/**
 * ‖g‖² and ⟨g, v⟩ in one pass (Zeno++'s test once ‖v‖² is known), written as two float64 at `out` with the bits of
 * squaredNorm(g) and dot(g, v). Each reduction is a chain of float64 additions per lane, so a pass costs the
 * latency of those chains: two reductions in one pass cost about one. ‖g‖² is finite iff every element of g is
 * (a float32 squared is at most ~1.2e77 in float64, so no sum of fewer than 2³¹ of them overflows; NaN and ±∞
 * propagate), which lets a caller skip a separate finiteness scan.
 */
export function squaredNormAndDot(g: usize, v: usize, n: i32, out: usize): void {
  const tail = n & ~3;
  let gg01 = f64x2.splat(0), gg23 = f64x2.splat(0);
  let gv01 = f64x2.splat(0), gv23 = f64x2.splat(0);
  for (let i = 0; i < tail; i += 4) {
    const off = <usize>i << 2;
    const g01 = pair(g + off);
    const g23 = pair(g + off + 8);
    gg01 = f64x2.add(gg01, f64x2.mul(g01, g01));
    gg23 = f64x2.add(gg23, f64x2.mul(g23, g23));
    gv01 = f64x2.add(gv01, f64x2.mul(g01, pair(v + off)));
    gv23 = f64x2.add(gv23, f64x2.mul(g23, pair(v + off + 8)));
  }
  let gg0 = f64x2.extract_lane(gg01, 0);
  let gv0 = f64x2.extract_lane(gv01, 0);
  for (let i = tail; i < n; i++) {
    const off = <usize>i << 2;
    const x = <f64>load<f32>(g + off);
    gg0 += x * x;
    gv0 += x * <f64>load<f32>(v + off);
  }
  store<f64>(out, combine(f64x2.replace_lane(gg01, 0, gg0), gg23));
  store<f64>(out, combine(f64x2.replace_lane(gv01, 0, gv0), gv23), 8);
}

/**
 * out ← α·x, each product formed in float64 and rounded once. `out` may be `x`. When α is a float32 value (−10, 0.5,
 * ...) the float64 product of two float32 values is exact, so rounding it once is exactly what a float32
 * multiplication does (IEEE: the exact product, rounded once): that case runs in float32x4, with the same bits.
 */
export function scale(out: usize, alpha: f64, x: usize, n: i32): void {
  const tail = n & ~3;
  if (<f64><f32>alpha == alpha) {
    const a32 = f32x4.splat(<f32>alpha);
    for (let i = 0; i < tail; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, f32x4.mul(a32, v128.load(x + off)));
    }
    for (let i = tail; i < n; i++) {
      const off = <usize>i << 2;
      store<f32>(out + off, <f32>alpha * load<f32>(x + off));
    }
    return;
  }
  const a = f64x2.splat(alpha);
  for (let i = 0; i < tail; i += 4) {
    const off = <usize>i << 2;
    // Both halves are read before either is written, as `out` may be `x`.
    const lo = f64x2.mul(a, pair(x + off));
    const hi = f64x2.mul(a, pair(x + off + 8));
    storePair(out + off, lo);
    storePair(out + off + 8, hi);
  }
  for (let i = tail; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, <f32>(alpha * <f64>load<f32>(x + off)));
  }
}

/** out ← y + α·x in float64, rounded once. `out` may be `x` or `y`. */
export function axpy(out: usize, y: usize, alpha: f64, x: usize, n: i32): void {
  const tail = n & ~3;
  const a = f64x2.splat(alpha);
  for (let i = 0; i < tail; i += 4) {
    const off = <usize>i << 2;
    const lo = f64x2.add(pair(y + off), f64x2.mul(a, pair(x + off)));
    const hi = f64x2.add(pair(y + off + 8), f64x2.mul(a, pair(x + off + 8)));
    storePair(out + off, lo);
    storePair(out + off + 8, hi);
  }
  for (let i = tail; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, <f32>(<f64>load<f32>(y + off) + alpha * <f64>load<f32>(x + off)));
  }
}

/** Folds x's exponent bits into `acc` (lane-wise unsigned max): a lane ends at 0x7f800000 iff it met a NaN or ±∞. */
@inline function exponentsInto(acc: v128, x: v128): v128 {
  return i32x4.max_u(acc, v128.and(x, i32x4.splat(0x7f800000)));
}

/** 1 iff no lane of an `exponentsInto` accumulator met a NaN or ±∞. */
@inline function finiteExponents(acc: v128): bool {
  return i32x4.all_true(i32x4.ne(acc, i32x4.splat(0x7f800000)));
}

/**
 * One SGD step with weight decay: out ← x − lr·(d + wd·x), in float64, rounded once (wd = 0 gives x − lr·d exactly
 * as the JS reference computes it, since d + 0·x = d for finite x). Returns 1 iff every element written is finite:
 * the check runs on the rounded values in registers (a few % of the step), so the new model needs no second pass.
 */
export function sgdStep(out: usize, x: usize, lr: f64, d: usize, wd: f64, n: i32): i32 {
  return wd == 0 ? stepLoop(out, x, lr, d, wd, n, false) : stepLoop(out, x, lr, d, wd, n, true);
}

/** `sgdStep`'s loop, specialized at compile time for `decay` (wd ≠ 0); the flag is a constant after inlining. */
@inline function stepLoop(out: usize, x: usize, lr: f64, d: usize, wd: f64, n: i32, decay: bool): i32 {
  const tail = n & ~3;
  const l = f64x2.splat(lr);
  const w = f64x2.splat(wd);
  let exponents = i32x4.splat(0);
  for (let i = 0; i < tail; i += 4) {
    const off = <usize>i << 2;
    const x01 = pair(x + off);
    const x23 = pair(x + off + 8);
    let d01 = pair(d + off);
    let d23 = pair(d + off + 8);
    if (decay) {
      d01 = f64x2.add(d01, f64x2.mul(w, x01));
      d23 = f64x2.add(d23, f64x2.mul(w, x23));
    }
    const r01 = f64x2.sub(x01, f64x2.mul(l, d01));
    const r23 = f64x2.sub(x23, f64x2.mul(l, d23));
    // The demoted halves' upper lanes are zero, which never looks like an exponent of all ones.
    exponents = exponentsInto(exponentsInto(exponents, storePair(out + off, r01)), storePair(out + off + 8, r23));
  }
  let fine = finiteExponents(exponents);
  for (let i = tail; i < n; i++) {
    const off = <usize>i << 2;
    const xi = <f64>load<f32>(x + off);
    const di = <f64>load<f32>(d + off);
    const r = <f32>(xi - lr * (decay ? di + wd * xi : di));
    if (!(Mathf.abs(r) < Infinity)) fine = false;
    store<f32>(out + off, r);
  }
  return fine ? 1 : 0;
}

/** 1 iff every element is finite (no NaN, no ±Infinity). */
export function allFinite(a: usize, n: i32): i32 {
  const tail = n & ~3;
  // |x| < ∞ is false for NaN and ±∞; AND the lane masks together.
  let ok = i32x4.splat(-1);
  const inf = f32x4.splat(Infinity);
  for (let i = 0; i < tail; i += 4) {
    ok = v128.and(ok, f32x4.lt(f32x4.abs(v128.load(a + (<usize>i << 2))), inf));
  }
  if (!i32x4.all_true(ok)) return 0;
  for (let i = tail; i < n; i++) {
    if (!(Mathf.abs(load<f32>(a + (<usize>i << 2))) < Infinity)) return 0;
  }
  return 1;
}
