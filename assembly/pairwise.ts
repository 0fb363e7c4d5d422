// Pairwise squared Euclidean distances between n float32 rows (Krum, Multi-Krum, Bulyan).
//
// `rows` is a table of n u32 byte addresses (one per row, each row d floats); `D` is n×n float64, row-major.
// Summation order (it decides the bits): coordinates are taken in blocks of BLOCK (block b covers
// [b·BLOCK, min(d, (b+1)·BLOCK))). Within a block, each difference (aₖ − bₖ) is formed in float64 from the
// float32 inputs, squared, and added into one of four float64 partial sums, lane k mod 4 (the block's last
// d mod 4 coordinates, if any, go to lane 0 in order); the block's value is (s0 + s1) + (s2 + s3). D[i][j] is
// the sum of the block values in block order, starting from 0. D[j][i] = D[i][j], D[i][i] = 0.
// Blocks keep the n slices of a block in L2 (50 × 2048 × 4 B = 400 KiB) while every pair streams over them.
import { squaredDistance } from './vectors';

const BLOCK: i32 = 2048;

/** The two float32 at `p` as a float64x2: two 64-bit loads per four floats beat a load and a lane shuffle in V8. */
@inline function pair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

@inline function row(rows: usize, i: i32): usize {
  return <usize>load<u32>(rows + (<usize>i << 2));
}

@inline function lanes(s01: v128, s23: v128): f64 {
  return (f64x2.extract_lane(s01, 0) + f64x2.extract_lane(s01, 1)) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
}

/** Block value of one pair over [lo, hi): vectors.ts's squaredDistance on that slice (same lanes, same order). */
@inline function pairBlock(a: usize, b: usize, lo: i32, hi: i32): f64 {
  const off = <usize>lo << 2;
  return squaredDistance(a + off, b + off, hi - lo);
}

/**
 * Block values of four pairs at once, (a0, b0), (a0, b1), (a1, b0), (a1, b1), added to D at the four given
 * byte addresses. Same lanes and order as pairBlock, with four loads serving four pairs.
 */
function quadBlock(a0: usize, a1: usize, b0: usize, b1: usize, lo: i32, hi: i32, d00: usize, d01: usize, d10: usize, d11: usize): void {
  const end = lo + ((hi - lo) & ~3);
  let p01 = f64x2.splat(0), p23 = f64x2.splat(0);
  let q01 = f64x2.splat(0), q23 = f64x2.splat(0);
  let r01 = f64x2.splat(0), r23 = f64x2.splat(0);
  let t01 = f64x2.splat(0), t23 = f64x2.splat(0);
  for (let k = lo; k < end; k += 4) {
    const off = <usize>k << 2;
    const xl = pair(a0 + off), xh = pair(a0 + off + 8);
    const yl = pair(a1 + off), yh = pair(a1 + off + 8);
    const ul = pair(b0 + off), uh = pair(b0 + off + 8);
    const vl = pair(b1 + off), vh = pair(b1 + off + 8);
    let e = f64x2.sub(xl, ul);
    p01 = f64x2.add(p01, f64x2.mul(e, e));
    e = f64x2.sub(xh, uh);
    p23 = f64x2.add(p23, f64x2.mul(e, e));
    e = f64x2.sub(xl, vl);
    q01 = f64x2.add(q01, f64x2.mul(e, e));
    e = f64x2.sub(xh, vh);
    q23 = f64x2.add(q23, f64x2.mul(e, e));
    e = f64x2.sub(yl, ul);
    r01 = f64x2.add(r01, f64x2.mul(e, e));
    e = f64x2.sub(yh, uh);
    r23 = f64x2.add(r23, f64x2.mul(e, e));
    e = f64x2.sub(yl, vl);
    t01 = f64x2.add(t01, f64x2.mul(e, e));
    e = f64x2.sub(yh, vh);
    t23 = f64x2.add(t23, f64x2.mul(e, e));
  }
  if (end < hi) {
    let p0 = f64x2.extract_lane(p01, 0), q0 = f64x2.extract_lane(q01, 0);
    let r0 = f64x2.extract_lane(r01, 0), t0 = f64x2.extract_lane(t01, 0);
    for (let k = end; k < hi; k++) {
      const off = <usize>k << 2;
      const x = <f64>load<f32>(a0 + off), y = <f64>load<f32>(a1 + off);
      const u = <f64>load<f32>(b0 + off), v = <f64>load<f32>(b1 + off);
      p0 += (x - u) * (x - u);
      q0 += (x - v) * (x - v);
      r0 += (y - u) * (y - u);
      t0 += (y - v) * (y - v);
    }
    p01 = f64x2.replace_lane(p01, 0, p0);
    q01 = f64x2.replace_lane(q01, 0, q0);
    r01 = f64x2.replace_lane(r01, 0, r0);
    t01 = f64x2.replace_lane(t01, 0, t0);
  }
  store<f64>(d00, load<f64>(d00) + lanes(p01, p23));
  store<f64>(d01, load<f64>(d01) + lanes(q01, q23));
  store<f64>(d10, load<f64>(d10) + lanes(r01, r23));
  store<f64>(d11, load<f64>(d11) + lanes(t01, t23));
}

/** Fills D (n×n float64) with the squared distances between the n rows of length d (see the file comment). */
export function pairwiseSquaredDistances(rows: usize, n: i32, d: i32, D: usize): void {
  memory.fill(D, 0, <usize>(n * n) << 3);
  for (let lo = 0; lo < d; lo += BLOCK) {
    const hi = min(d, lo + BLOCK);
    // Rows two at a time against later rows two at a time; the leftovers pair by pair.
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a0 = row(rows, i), a1 = row(rows, i + 1);
      const at0 = D + (<usize>(i * n) << 3), at1 = D + (<usize>((i + 1) * n) << 3);
      store<f64>(at0 + (<usize>(i + 1) << 3), load<f64>(at0 + (<usize>(i + 1) << 3)) + pairBlock(a0, a1, lo, hi));
      let j = i + 2;
      for (; j + 1 < n; j += 2) {
        const o = <usize>j << 3;
        quadBlock(a0, a1, row(rows, j), row(rows, j + 1), lo, hi, at0 + o, at0 + o + 8, at1 + o, at1 + o + 8);
      }
      if (j < n) {
        const b = row(rows, j), o = <usize>j << 3;
        store<f64>(at0 + o, load<f64>(at0 + o) + pairBlock(a0, b, lo, hi));
        store<f64>(at1 + o, load<f64>(at1 + o) + pairBlock(a1, b, lo, hi));
      }
    }
    // With n odd, the last row's pairs with earlier rows were all done above.
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) store<f64>(D + (<usize>(j * n + i) << 3), load<f64>(D + (<usize>(i * n + j) << 3)));
  }
}
