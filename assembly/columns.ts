// Coordinate-wise rules over n float32 rows (median, trimmed mean, mean around the median: Meamed and Bulyan's
// second step). Columns are processed 16 at a time: the 16 consecutive floats of each row are copied to a
// scratch block of n × 64 bytes (position i = row i, lane c = column c), and a sorting network of
// compare-exchanges (a list of byte-offset pairs prepared by src/engine/sorting-network.ts, pruned to the
// positions the rule reads) sorts every lane at once. A compare-exchange of x (lower position) and y swaps them
// iff y < x: lower ← pmin(x, y) = (y < x ? y : x), higher ← pmax(y, x) = (y < x ? x : y). That is one
// instruction each (minps/maxps), where f32x4.min/max cost V8 several to order ±0 and spread NaN, and it only
// ever permutes a lane. So, for finite values, each lane ends up as its column sorted ascending whatever the
// network; only equal values can end in another order, and the only equal values with different bits are −0
// and +0, which the reductions below cannot tell apart. Rows must be finite (the aggregators drop non-finite
// rows first): a compare-exchange with a NaN never swaps, and the lane would not be sorted.
//
// Reductions per column, on the sorted values s₀ ≤ … ≤ s_{n−1} in float64 (they decide the bits):
//  - median: s_h for odd n, (s_{h−1} + s_h) / 2 for even n, h = ⌊n/2⌋;
//  - trimmed mean (b): (((s_b + s_{b+1}) + …) + s_{n−b−1}) / (n − 2b), summed in ascending order from 0;
//  - mean around the median (k values): the window of k consecutive sorted values closest to the median (see
//    meanAroundMedian below), summed in ascending order from 0, divided by k.
// The sums start at +0, so they never hold −0 (x + (±0) = x for x ≠ 0, and +0 + −0 = +0); a median of zeros
// may be −0, and the final + 0 turns it into +0. So the order of ±0 in a sorted lane never shows. Each result is
// then rounded once to the output type (float32 or float64).

const LANES: i32 = 16;
const STRIDE: usize = 64;

@inline function rowPtr(rows: usize, i: i32): usize {
  return <usize>load<u32>(rows + (<usize>i << 2));
}

/** Copies columns [c0, c0 + 16) of every row into scratch; lanes past d are zero. */
function gather(rows: usize, n: i32, d: i32, c0: i32, scratch: usize): void {
  const off = <usize>c0 << 2;
  if (c0 + LANES <= d) {
    for (let i = 0; i < n; i++) {
      const src = rowPtr(rows, i) + off;
      const dst = scratch + <usize>i * STRIDE;
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      v128.store(dst, v128.load(src, 32), 32);
      v128.store(dst, v128.load(src, 48), 48);
    }
    return;
  }
  const m = d - c0;
  for (let i = 0; i < n; i++) {
    const src = rowPtr(rows, i) + off;
    const dst = scratch + <usize>i * STRIDE;
    memory.fill(dst, 0, STRIDE);
    for (let c = 0; c < m; c++) store<f32>(dst + (<usize>c << 2), load<f32>(src + (<usize>c << 2)));
  }
}

/** Applies the network: `count` pairs of u32 byte offsets (lo, hi) into scratch (see the file comment). */
function sortLanes(scratch: usize, net: usize, count: i32): void {
  const end = net + (<usize>count << 3);
  for (let p = net; p < end; p += 8) {
    const a = scratch + <usize>load<u32>(p);
    const b = scratch + <usize>load<u32>(p, 4);
    const x0 = v128.load(a), x1 = v128.load(a, 16), x2 = v128.load(a, 32), x3 = v128.load(a, 48);
    const y0 = v128.load(b), y1 = v128.load(b, 16), y2 = v128.load(b, 32), y3 = v128.load(b, 48);
    v128.store(a, f32x4.pmin(x0, y0));
    v128.store(a, f32x4.pmin(x1, y1), 16);
    v128.store(a, f32x4.pmin(x2, y2), 32);
    v128.store(a, f32x4.pmin(x3, y3), 48);
    v128.store(b, f32x4.pmax(y0, x0));
    v128.store(b, f32x4.pmax(y1, x1), 16);
    v128.store(b, f32x4.pmax(y2, x2), 32);
    v128.store(b, f32x4.pmax(y3, x3), 48);
  }
}

@inline function at(scratch: usize, pos: i32, lane: i32): f64 {
  return <f64>load<f32>(scratch + <usize>pos * STRIDE + (<usize>lane << 2));
}

function medianOf(scratch: usize, n: i32, lane: i32): f64 {
  const h = n >> 1;
  return n & 1 ? at(scratch, h, lane) : (at(scratch, h - 1, lane) + at(scratch, h, lane)) / 2;
}

/**
 * Mean of the k sorted values closest to the median: the window start s ∈ [0, n − k] is the smallest s with
 * med − s_s ≤ s_{s+k} − med (found by binary search; moving right while the left end is farther from the
 * median than the value just past the right end), so among windows at equal distance the lower one wins.
 */
function meanAroundMedian(scratch: usize, n: i32, k: i32, lane: i32): f64 {
  const med = medianOf(scratch, n, lane);
  let s = 0;
  let e = n - k;
  while (s < e) {
    const mid = (s + e) >>> 1;
    if (med - at(scratch, mid, lane) > at(scratch, mid + k, lane) - med) s = mid + 1;
    else e = mid;
  }
  let sum: f64 = 0;
  for (let i = s; i < s + k; i++) sum += at(scratch, i, lane);
  return sum / <f64>k;
}

/** Trimmed means of the 16 lanes into res[0..16) (float64), each lane summed in ascending order. */
function trimmedMeans(scratch: usize, n: i32, b: i32, res: usize): void {
  trimmedMeans8(scratch, n, b, res);
  trimmedMeans8(scratch + 32, n, b, res + 64);
}

/** Trimmed means of 8 lanes at `scratch` (rows STRIDE apart) into res[0..8): four f64x2 sums. */
@inline function trimmedMeans8(scratch: usize, n: i32, b: i32, res: usize): void {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  for (let i = b; i < n - b; i++) {
    const p = scratch + <usize>i * STRIDE;
    // Lanes two at a time by 64-bit loads (cheaper in V8 than a 128-bit load and a lane shuffle).
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v128.load64_zero(p)));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.load64_zero(p, 8)));
    s2 = f64x2.add(s2, f64x2.promote_low_f32x4(v128.load64_zero(p, 16)));
    s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.load64_zero(p, 24)));
  }
  const m = f64x2.splat(<f64>(n - 2 * b));
  v128.store(res, f64x2.div(s0, m));
  v128.store(res, f64x2.div(s1, m), 16);
  v128.store(res, f64x2.div(s2, m), 32);
  v128.store(res, f64x2.div(s3, m), 48);
}

/** Rule codes of `columns`. */
const MEDIAN: i32 = 0;
const TRIMMED_MEAN: i32 = 1;
const MEAN_AROUND_MEDIAN: i32 = 2;

/**
 * out[j] = rule(column j) for j < d. rule: 0 median, 1 trimmed mean (param = b, 2b < n), 2 mean around the
 * median (param = k, 1 ≤ k ≤ n). `scratch` holds n × 64 + 128 bytes; `out` is float32, or float64 if outF64.
 * Requires n ≥ 1.
 */
export function columns(rows: usize, n: i32, d: i32, net: usize, count: i32, rule: i32, param: i32, scratch: usize, out: usize, outF64: i32): void {
  const res = scratch + <usize>n * STRIDE;
  for (let c0 = 0; c0 < d; c0 += LANES) {
    gather(rows, n, d, c0, scratch);
    sortLanes(scratch, net, count);
    if (rule == TRIMMED_MEAN) trimmedMeans(scratch, n, param, res);
    else if (rule == MEDIAN) for (let c = 0; c < LANES; c++) store<f64>(res + (<usize>c << 3), medianOf(scratch, n, c));
    else for (let c = 0; c < LANES; c++) store<f64>(res + (<usize>c << 3), meanAroundMedian(scratch, n, param, c));
    const m = min(LANES, d - c0);
    if (outF64) {
      for (let c = 0; c < m; c++) store<f64>(out + (<usize>(c0 + c) << 3), load<f64>(res + (<usize>c << 3)) + 0.0);
    } else {
      for (let c = 0; c < m; c++) store<f32>(out + (<usize>(c0 + c) << 2), <f32>(load<f64>(res + (<usize>c << 3)) + 0.0));
    }
  }
}
