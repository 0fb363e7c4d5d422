// A dense layer after the first (its input is the previous layer's ReLU output, about half zeros): out(b, j) =
// bias_j, then + input(b, k)·W[k, j] for the k with input(b, k) ≠ 0 in increasing order, each product and sum
// rounded to float32. A branch per input k would mispredict on the ReLU's zeros about every other time, so four
// examples go through one float32x4 (lane e = example b + e) and a zero input's term is dropped by a select
// (v128.bitselect), not by a branch nor by adding the zero product (which would turn a −0 sum into +0, and an
// infinite weight into NaN): every lane computes exactly the float32 operations of the scalar loop, so the bits
// do not depend on how examples are grouped.

/**
 * Writes out(b, j) for b < n, j < outW into `dst` (n × outW, row-major) from `src` (n × inW) and the layer's W
 * (inW × outW, row-major) and bias (outW).
 */
export function denseForward(dst: usize, bias: usize, w: usize, src: usize, n: i32, inW: i32, outW: i32): void {
  const inBytes = <usize>inW << 2;
  for (let b = 0; b < n; b += 4) {
    const rows = min(4, n - b);
    // A batch tail repeats its last example in the spare lanes, which are never stored.
    const s0 = src + <usize>b * inBytes;
    const s1 = s0 + (rows > 1 ? inBytes : 0);
    const s2 = s0 + <usize>min(2, rows - 1) * inBytes;
    const s3 = s0 + <usize>(rows - 1) * inBytes;
    const out = dst + ((<usize>(b * outW)) << 2);
    // Columns in blocks of eight held in registers; `m` is a constant in each call, so the unused
    // accumulators are compiled out.
    for (let c = 0; c < outW; c += 8) {
      switch (min(8, outW - c)) {
        case 8: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 8); break;
        case 7: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 7); break;
        case 6: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 6); break;
        case 5: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 5); break;
        case 4: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 4); break;
        case 3: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 3); break;
        case 2: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 2); break;
        default: columnBlock(out, bias, w, s0, s1, s2, s3, rows, inW, outW, c, 1);
      }
    }
  }
}

/** acc + a·W[k, j] in the lanes where a ≠ 0 (NaN included, as `a != 0` is for a NaN); acc elsewhere. */
@inline function term(acc: v128, a: v128, live: v128, wkj: usize): v128 {
  return v128.bitselect(f32x4.add(acc, f32x4.mul(a, v128.load32_splat(wkj))), acc, live);
}

/** Columns c .. c + m − 1 (m ≤ 8) of four examples' outputs, whose inputs start at s0..s3. */
@inline function columnBlock(out: usize, bias: usize, w: usize, s0: usize, s1: usize, s2: usize, s3: usize, rows: i32, inW: i32, outW: i32, c: i32, m: i32): void {
  const rowBytes = <usize>outW << 2;
  const bc = bias + (<usize>c << 2);
  let a0 = v128.load32_splat(bc), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  if (m > 1) a1 = v128.load32_splat(bc + 4);
  if (m > 2) a2 = v128.load32_splat(bc + 8);
  if (m > 3) a3 = v128.load32_splat(bc + 12);
  if (m > 4) a4 = v128.load32_splat(bc + 16);
  if (m > 5) a5 = v128.load32_splat(bc + 20);
  if (m > 6) a6 = v128.load32_splat(bc + 24);
  if (m > 7) a7 = v128.load32_splat(bc + 28);
  const zero = f32x4.splat(0);
  let wk = w + (<usize>c << 2);
  for (let k = 0; k < inW; k++) {
    const ko = <usize>k << 2;
    const a = v128.load32_lane(s3 + ko, v128.load32_lane(s2 + ko, v128.load32_lane(s1 + ko, v128.load32_zero(s0 + ko), 1), 2), 3);
    const live = f32x4.ne(a, zero);
    a0 = term(a0, a, live, wk);
    if (m > 1) a1 = term(a1, a, live, wk + 4);
    if (m > 2) a2 = term(a2, a, live, wk + 8);
    if (m > 3) a3 = term(a3, a, live, wk + 12);
    if (m > 4) a4 = term(a4, a, live, wk + 16);
    if (m > 5) a5 = term(a5, a, live, wk + 20);
    if (m > 6) a6 = term(a6, a, live, wk + 24);
    if (m > 7) a7 = term(a7, a, live, wk + 28);
    wk += rowBytes;
  }
  const o = out + (<usize>c << 2);
  storeColumn(o, a0, rows, rowBytes);
  if (m > 1) storeColumn(o + 4, a1, rows, rowBytes);
  if (m > 2) storeColumn(o + 8, a2, rows, rowBytes);
  if (m > 3) storeColumn(o + 12, a3, rows, rowBytes);
  if (m > 4) storeColumn(o + 16, a4, rows, rowBytes);
  if (m > 5) storeColumn(o + 20, a5, rows, rowBytes);
  if (m > 6) storeColumn(o + 24, a6, rows, rowBytes);
  if (m > 7) storeColumn(o + 28, a7, rows, rowBytes);
}

/** Lane e of `v` to p + e·rowBytes, for the first `rows` lanes. */
@inline function storeColumn(p: usize, v: v128, rows: i32, rowBytes: usize): void {
  v128.store32_lane(p, v, 0);
  if (rows > 1) v128.store32_lane(p + rowBytes, v, 1);
  if (rows > 2) v128.store32_lane(p + 2 * rowBytes, v, 2);
  if (rows > 3) v128.store32_lane(p + 3 * rowBytes, v, 3);
}
