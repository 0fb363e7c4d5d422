// Float32 row kernels shared by the models. Elementwise results do not depend on SIMD vs scalar: each element is one
// float32 product and one float32 sum, each rounded (WebAssembly has no fused multiply-add, and no relaxed SIMD is
// used), so every machine computes the same bits.

/** dst[j] += a·src[j] for j < n. */
@inline export function axpyRow(dst: usize, a: f32, src: usize, n: i32): void {
  const va = f32x4.splat(a);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(va, v128.load(src + o))));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(dst + o, load<f32>(dst + o) + a * load<f32>(src + o));
  }
}

/** dst[j] += src[j] for j < n. */
@inline export function addRow(dst: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/** x[j] ← max(x[j], 0) for j < n. */
@inline export function reluRow(x: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    v128.store(x + o, f32x4.max(v128.load(x + o), zero));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const v = load<f32>(x + o);
    store<f32>(x + o, v > 0 ? v : 0);
  }
}

/**
 * Σ a[j]·b[j] in float32, in a fixed order: four partial sums (lane j mod 4) over the first n − n mod 4 elements,
 * the remaining elements added in order to lane 0, then (s0 + s1) + (s2 + s3).
 */
@inline export function dotRow(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s0 = f32x4.extract_lane(acc, 0);
  for (; j < n; j++) {
    const o = <usize>j << 2;
    s0 += load<f32>(a + o) * load<f32>(b + o);
  }
  return (s0 + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
}
