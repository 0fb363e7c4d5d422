/**
 * Sorting a short float64 range in place without allocating, for Krum's scores (the n − 1 distances of each
 * vector, n ≤ ~100). Values are finite (non-finite vectors are dropped before any rule runs), so `<` is a total
 * order here. The cost of such a sort is branch mispredictions, hence the branch-free partition below. (The
 * coordinate-wise rules sort in the engine instead: src/policies/aggregators/columns.ts.)
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
 * second element.
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

/** Sorts a[lo..hi) ascending (quicksort with the branch-free partition, insertion sort for short ranges). */
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
