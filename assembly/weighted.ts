// Weighted sums of n float32 rows, for the mean, the geometric median (Weiszfeld) and centered clipping.
// `rows` is a table of n u32 row addresses; rows have d floats; other vectors are float64.
//
// Summation orders (they decide the bits):
//  - per coordinate, rows are added in row order into a float64 sum starting at 0: acc_c = ((0 + t_0c) + t_1c) + …
//    with t_ic = x_ic (mean), β_i·x_ic (Weiszfeld) or s_i·(x_ic − v_c) (centered clipping), each term formed in
//    float64; the result is acc_c / n (mean, centered clipping, which then adds it to v_c) or acc_c / Σβ (Weiszfeld);
//  - squared distances ‖z − x_i‖² (z float64) over a range [lo, hi): four float64 lanes, lane (k − lo) mod 4,
//    the last (hi − lo) mod 4 coordinates to lane 0 in order, (s0 + s1) + (s2 + s3). `distancesTo` takes one
//    range [0, d); the iteration kernels take blocks of BLOCK coordinates and add the block values in block order.
// Coordinates are processed in blocks of BLOCK so the float64 sums (16 KiB) stay in L1 while the rows stream past,
// and the next point's block is still in cache when the distances to it are taken.

const BLOCK: i32 = 2048;

@inline function rowPtr(rows: usize, i: i32): usize {
  return <usize>load<u32>(rows + (<usize>i << 2));
}

/** The two float32 at `p` as a float64x2: two 64-bit loads per four floats beat a load and a lane shuffle in V8. */
@inline function pair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** Σ_{k∈[lo,hi)} (z_k − x_k)², z float64, x float32 (order in the file comment). */
function sqDist(z: usize, x: usize, lo: i32, hi: i32): f64 {
  const end = lo + ((hi - lo) & ~3);
  let s01 = f64x2.splat(0);
  let s23 = f64x2.splat(0);
  for (let k = lo; k < end; k += 4) {
    const zp = z + (<usize>k << 3);
    const e01 = f64x2.sub(v128.load(zp), pair(x + (<usize>k << 2)));
    const e23 = f64x2.sub(v128.load(zp, 16), pair(x + (<usize>k << 2) + 8));
    s01 = f64x2.add(s01, f64x2.mul(e01, e01));
    s23 = f64x2.add(s23, f64x2.mul(e23, e23));
  }
  let s0 = f64x2.extract_lane(s01, 0);
  for (let k = end; k < hi; k++) {
    const e = load<f64>(z + (<usize>k << 3)) - <f64>load<f32>(x + (<usize>k << 2));
    s0 += e * e;
  }
  return (s0 + f64x2.extract_lane(s01, 1)) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
}

/** dist2[i] = ‖z − x_i‖² over [0, d), one range. */
export function distancesTo(rows: usize, n: i32, d: i32, z: usize, dist2: usize): void {
  for (let i = 0; i < n; i++) store<f64>(dist2 + (<usize>i << 3), sqDist(z, rowPtr(rows, i), 0, d));
}

/** acc[0..len) += w·x[lo..lo+len) (float64 products and sums), for rows a and b in that order. */
function addScaled2(acc: usize, a: usize, wa: f64, b: usize, wb: f64, lo: i32, len: i32): void {
  const va = f64x2.splat(wa);
  const vb = f64x2.splat(wb);
  const end = len & ~3;
  const pa = a + (<usize>lo << 2);
  const pb = b + (<usize>lo << 2);
  for (let c = 0; c < end; c += 4) {
    const p = acc + (<usize>c << 3);
    let s01 = f64x2.add(v128.load(p), f64x2.mul(va, pair(pa + (<usize>c << 2))));
    let s23 = f64x2.add(v128.load(p, 16), f64x2.mul(va, pair(pa + (<usize>c << 2) + 8)));
    s01 = f64x2.add(s01, f64x2.mul(vb, pair(pb + (<usize>c << 2))));
    s23 = f64x2.add(s23, f64x2.mul(vb, pair(pb + (<usize>c << 2) + 8)));
    v128.store(p, s01);
    v128.store(p, s23, 16);
  }
  for (let c = end; c < len; c++) {
    const p = acc + (<usize>c << 3);
    store<f64>(p, (load<f64>(p) + wa * <f64>load<f32>(pa + (<usize>c << 2))) + wb * <f64>load<f32>(pb + (<usize>c << 2)));
  }
}

/** acc[0..len) += w·x[lo..lo+len) for one row. */
function addScaled(acc: usize, a: usize, wa: f64, lo: i32, len: i32): void {
  const va = f64x2.splat(wa);
  const end = len & ~3;
  const pa = a + (<usize>lo << 2);
  for (let c = 0; c < end; c += 4) {
    const p = acc + (<usize>c << 3);
    v128.store(p, f64x2.add(v128.load(p), f64x2.mul(va, pair(pa + (<usize>c << 2)))));
    v128.store(p, f64x2.add(v128.load(p, 16), f64x2.mul(va, pair(pa + (<usize>c << 2) + 8))), 16);
  }
  for (let c = end; c < len; c++) {
    const p = acc + (<usize>c << 3);
    store<f64>(p, load<f64>(p) + wa * <f64>load<f32>(pa + (<usize>c << 2)));
  }
}

/** acc[0..len) += x[lo..lo+len) for rows a, b, e, g in that order (the mean: no weights to multiply by). */
function add4(acc: usize, a: usize, b: usize, e: usize, g: usize, lo: i32, len: i32): void {
  const end = len & ~3;
  const off = <usize>lo << 2;
  for (let c = 0; c < end; c += 4) {
    const o = off + (<usize>c << 2);
    const p = acc + (<usize>c << 3);
    let s01 = f64x2.add(v128.load(p), pair(a + o));
    let s23 = f64x2.add(v128.load(p, 16), pair(a + o + 8));
    s01 = f64x2.add(s01, pair(b + o));
    s23 = f64x2.add(s23, pair(b + o + 8));
    s01 = f64x2.add(s01, pair(e + o));
    s23 = f64x2.add(s23, pair(e + o + 8));
    s01 = f64x2.add(s01, pair(g + o));
    s23 = f64x2.add(s23, pair(g + o + 8));
    v128.store(p, s01);
    v128.store(p, s23, 16);
  }
  for (let c = end; c < len; c++) {
    const o = off + (<usize>c << 2);
    const p = acc + (<usize>c << 3);
    store<f64>(p, (((load<f64>(p) + <f64>load<f32>(a + o)) + <f64>load<f32>(b + o)) + <f64>load<f32>(e + o)) + <f64>load<f32>(g + o));
  }
}

/** acc[0..len) += x[lo..lo+len) for rows a and b in that order. */
function add2(acc: usize, a: usize, b: usize, lo: i32, len: i32): void {
  const end = len & ~3;
  const pa = a + (<usize>lo << 2);
  const pb = b + (<usize>lo << 2);
  for (let c = 0; c < end; c += 4) {
    const p = acc + (<usize>c << 3);
    const s01 = f64x2.add(f64x2.add(v128.load(p), pair(pa + (<usize>c << 2))), pair(pb + (<usize>c << 2)));
    const s23 = f64x2.add(f64x2.add(v128.load(p, 16), pair(pa + (<usize>c << 2) + 8)), pair(pb + (<usize>c << 2) + 8));
    v128.store(p, s01);
    v128.store(p, s23, 16);
  }
  for (let c = end; c < len; c++) {
    const p = acc + (<usize>c << 3);
    store<f64>(p, (load<f64>(p) + <f64>load<f32>(pa + (<usize>c << 2))) + <f64>load<f32>(pb + (<usize>c << 2)));
  }
}

/** acc[0..len) = Σ_i w_i·x_i[lo..lo+len) in row order; w = null means every w_i = 1 (x·1 is exact, so skipped). */
function weightedBlock(rows: usize, n: i32, w: usize, lo: i32, len: i32, acc: usize): void {
  memory.fill(acc, 0, <usize>len << 3);
  let i = 0;
  if (!w) {
    for (; i + 3 < n; i += 4) add4(acc, rowPtr(rows, i), rowPtr(rows, i + 1), rowPtr(rows, i + 2), rowPtr(rows, i + 3), lo, len);
    for (; i + 1 < n; i += 2) add2(acc, rowPtr(rows, i), rowPtr(rows, i + 1), lo, len);
    if (i < n) addScaled(acc, rowPtr(rows, i), 1.0, lo, len);
    return;
  }
  for (; i + 1 < n; i += 2) {
    const wa = w ? load<f64>(w + (<usize>i << 3)) : 1.0;
    const wb = w ? load<f64>(w + (<usize>(i + 1) << 3)) : 1.0;
    addScaled2(acc, rowPtr(rows, i), wa, rowPtr(rows, i + 1), wb, lo, len);
  }
  if (i < n) addScaled(acc, rowPtr(rows, i), w ? load<f64>(w + (<usize>i << 3)) : 1.0, lo, len);
}

/** out = (Σ_i x_i) / n; out is float32, or float64 if outF64. `acc` holds BLOCK float64. */
export function meanRows(rows: usize, n: i32, d: i32, out: usize, outF64: i32, acc: usize): void {
  const m = <f64>n;
  for (let lo = 0; lo < d; lo += BLOCK) {
    const len = min(BLOCK, d - lo);
    weightedBlock(rows, n, 0, lo, len, acc);
    if (outF64) for (let c = 0; c < len; c++) store<f64>(out + (<usize>(lo + c) << 3), load<f64>(acc + (<usize>c << 3)) / m);
    else for (let c = 0; c < len; c++) store<f32>(out + (<usize>(lo + c) << 2), <f32>(load<f64>(acc + (<usize>c << 3)) / m));
  }
}

/**
 * One Weiszfeld step: next = Σ_i β_i·x_i / total (float64), and dist2[i] = ‖next − x_i‖² block by block.
 * `beta` holds n float64; `next` d float64; `acc` BLOCK float64.
 */
export function weiszfeldStep(rows: usize, n: i32, d: i32, beta: usize, total: f64, next: usize, dist2: usize, acc: usize): void {
  memory.fill(dist2, 0, <usize>n << 3);
  for (let lo = 0; lo < d; lo += BLOCK) {
    const len = min(BLOCK, d - lo);
    weightedBlock(rows, n, beta, lo, len, acc);
    for (let c = 0; c < len; c++) store<f64>(next + (<usize>(lo + c) << 3), load<f64>(acc + (<usize>c << 3)) / total);
    for (let i = 0; i < n; i++) {
      const p = dist2 + (<usize>i << 3);
      store<f64>(p, load<f64>(p) + sqDist(next, rowPtr(rows, i), lo, lo + len));
    }
  }
}

/**
 * One centered-clipping step in place: v_c += (Σ_i s_i·(x_ic − v_c)) / n, block by block (a block's old v is
 * used only within the block); when `more`, dist2[i] = ‖v − x_i‖² of the new v, block by block.
 */
export function clipStep(rows: usize, n: i32, d: i32, scale: usize, v: usize, dist2: usize, more: i32, acc: usize): void {
  if (more) memory.fill(dist2, 0, <usize>n << 3);
  const m = <f64>n;
  for (let lo = 0; lo < d; lo += BLOCK) {
    const len = min(BLOCK, d - lo);
    const vb = v + (<usize>lo << 3);
    memory.fill(acc, 0, <usize>len << 3);
    const end = len & ~3;
    for (let i = 0; i < n; i++) {
      const s = load<f64>(scale + (<usize>i << 3));
      const vs = f64x2.splat(s);
      const x = rowPtr(rows, i) + (<usize>lo << 2);
      for (let c = 0; c < end; c += 4) {
        const p = acc + (<usize>c << 3);
        const q = vb + (<usize>c << 3);
        const t01 = f64x2.mul(vs, f64x2.sub(pair(x + (<usize>c << 2)), v128.load(q)));
        const t23 = f64x2.mul(vs, f64x2.sub(pair(x + (<usize>c << 2) + 8), v128.load(q, 16)));
        v128.store(p, f64x2.add(v128.load(p), t01));
        v128.store(p, f64x2.add(v128.load(p, 16), t23), 16);
      }
      for (let c = end; c < len; c++) {
        const p = acc + (<usize>c << 3);
        store<f64>(p, load<f64>(p) + s * (<f64>load<f32>(x + (<usize>c << 2)) - load<f64>(vb + (<usize>c << 3))));
      }
    }
    for (let c = 0; c < len; c++) {
      const q = vb + (<usize>c << 3);
      store<f64>(q, load<f64>(q) + load<f64>(acc + (<usize>c << 3)) / m);
    }
    if (more) {
      for (let i = 0; i < n; i++) {
        const p = dist2 + (<usize>i << 3);
        store<f64>(p, load<f64>(p) + sqDist(v, rowPtr(rows, i), lo, lo + len));
      }
    }
  }
}
