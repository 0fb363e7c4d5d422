/**
 * Selection kernels for one column of a coordinate-wise rule: the n ≤ ~100 values of one coordinate, held in
 * a range [lo, hi) of a reused Float64Array. They reorder the range in place and never allocate. Values are
 * finite (non-finite vectors are dropped before any rule runs), so `<` is a total order here.
 *
 * Why quickselect and a hand-written sort rather than `Float64Array.prototype.sort`: for n = 20–50 the native
 * sort costs a runtime call per column and was ~2.5× slower than quickselect on 50 × 100,000 floats
 * (`bench/aggregators.ts` prints the comparison); sorting networks over blocks of columns, branch-free in
 * principle, were slower still (V8 compiles Math.min/max to branches). The cost of these kernels is branch
 * mispredictions, hence the branch-free partition below.
 */

/** Below this many elements a partition step costs more than insertion sort (measured: 8 beat 4, 12 and 16). */
const SMALL = 8;

/** Median of a, b, c (the pivot of a partition step). */
function median3(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

/** Sorts a[l..r) by insertion. */
function insertionSort(a: Float64Array, l: number, r: number): void {
  for (let i = l + 1; i < r; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= l && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Moves the elements of a[l..r) that are < p (`strict`) or ≤ p to the front and returns where they end.
 * Branch-free: every element is swapped with the write position, which advances by the comparison's 0/1
 * (`+(x < p)` compiles to a flag, not a jump). On random data a branching partition mispredicts about every
 * second element; this made the median 1.5–1.7× faster (bench/aggregators.ts).
 */
function partition(a: Float64Array, l: number, r: number, p: number, strict: boolean): number {
  let s = l;
  if (strict) {
    for (let i = l; i < r; i++) {
      const x = a[i];
      a[i] = a[s];
      a[s] = x;
      s += +(x < p);
    }
  } else {
    for (let i = l; i < r; i++) {
      const x = a[i];
      a[i] = a[s];
      a[s] = x;
      s += +(x <= p);
    }
  }
  return s;
}

/**
 * Quickselect: reorders a[lo..hi) so that a[t] holds the value of rank t − lo, with a[lo..t) ≤ a[t] ≤
 * a(t..hi), and returns a[t]. Requires lo ≤ t < hi.
 */
export function selectKth(a: Float64Array, lo: number, hi: number, t: number): number {
  let l = lo;
  let r = hi;
  while (r - l > SMALL) {
    const p = median3(a[l], a[(l + r) >>> 1], a[r - 1]);
    const s = partition(a, l, r, p, true); // a[l..s) < p ≤ a[s..r); s < r since p is in the range
    if (t < s) r = s;
    else if (s > l) l = s;
    else {
      // p is the minimum: split off the elements equal to it, or the range would never shrink.
      const e = partition(a, l, r, p, false); // a[l..e) = p < a[e..r)
      if (t < e) return p;
      l = e;
    }
  }
  insertionSort(a, l, r);
  return a[t];
}

/** Sorts a[lo..hi) ascending (quicksort with the same branch-free partition, insertion sort for short ranges). */
export function sortRange(a: Float64Array, lo: number, hi: number): void {
  let l = lo;
  let r = hi;
  while (r - l > SMALL) {
    const p = median3(a[l], a[(l + r) >>> 1], a[r - 1]);
    const s = partition(a, l, r, p, true);
    if (s === l) {
      l = partition(a, l, r, p, false); // p is the minimum: a[l..e) = p is in place, continue after it
      continue;
    }
    // a[l..s) < p ≤ a[s..r), both sides non-empty. Recurse into the smaller side and loop on the larger,
    // so the stack stays O(log n).
    if (s - l < r - s) {
      sortRange(a, l, s);
      l = s;
    } else {
      sortRange(a, s, r);
      r = s;
    }
  }
  insertionSort(a, l, r);
}

/** Largest of a[lo..hi), hi > lo. */
export function maxOfRange(a: Float64Array, lo: number, hi: number): number {
  let m = a[lo];
  for (let i = lo + 1; i < hi; i++) if (a[i] > m) m = a[i];
  return m;
}

/**
 * Median of a[lo..hi) (average of the two middle values for an even count, the NumPy convention of
 * docs/rules.md, 'Median of an even count'); reorders the range.
 */
export function medianOfRange(a: Float64Array, lo: number, hi: number): number {
  const h = lo + ((hi - lo) >>> 1);
  const upper = selectKth(a, lo, hi, h);
  if ((hi - lo) % 2 === 1) return upper;
  return (maxOfRange(a, lo, h) + upper) / 2;
}

/**
 * Mean of the k values of a[lo..hi) closest to their median (Meamed; Bulyan's second step); reorders the
 * range. The k closest values to a point form a contiguous window of the sorted range; among windows at the
 * same distance the leftmost (lower values) wins. That tie-break depends on values only, so the result does
 * not depend on the order of the inputs, and the window is summed in sorted order for the same reason.
 */
export function meanAroundMedian(a: Float64Array, lo: number, hi: number, k: number): number {
  sortRange(a, lo, hi);
  const m = hi - lo;
  const h = lo + (m >>> 1);
  const med = m % 2 === 1 ? a[h] : (a[h - 1] + a[h]) / 2;
  // Binary search for the window start s ∈ [lo, hi − k]: move right while the window's left end is farther
  // from the median than the element just past its right end.
  let s = lo;
  let e = hi - k;
  while (s < e) {
    const mid = (s + e) >>> 1;
    if (med - a[mid] > a[mid + k] - med) s = mid + 1;
    else e = mid;
  }
  let sum = 0;
  for (let i = s; i < s + k; i++) sum += a[i];
  return sum / k;
}
