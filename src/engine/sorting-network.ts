/**
 * Sorting networks for the engine's coordinate-wise kernels (assembly/columns.ts): Batcher's odd-even merge
 * sort on the next power of two ≥ n, with the comparators that touch a position ≥ n removed, then pruned to
 * the positions a rule reads.
 *
 * Removing comparators past n is exact: think of positions n… as holding +∞. A comparator (i, j), i < j, with
 * j ≥ n leaves +∞ at j and the other value at i, so it does nothing, and by induction positions ≥ n hold +∞
 * throughout. Pruning to the read positions is exact too: walking the network backwards, a comparator is kept
 * iff one of its two positions is still needed, and then both are; the values at the read positions depend
 * only on the kept comparators.
 */

/** Comparators (lo, hi), lo < hi, in order, that sort n values ascending. */
export function sortingNetwork(n: number): Array<[number, number]> {
  let size = 1;
  while (size < n) size *= 2;
  const out: Array<[number, number]> = [];
  for (let p = 1; p < size; p *= 2) {
    for (let k = p; k >= 1; k = Math.floor(k / 2)) {
      for (let j = k % p; j <= size - 1 - k; j += 2 * k) {
        for (let i = 0; i <= Math.min(k - 1, size - j - k - 1); i++) {
          const a = i + j;
          const b = i + j + k;
          if (Math.floor(a / (2 * p)) === Math.floor(b / (2 * p)) && b < n) out.push([a, b]);
        }
      }
    }
  }
  return out;
}

/** The comparators of `network` that the values at `needed` positions depend on, in order. */
export function pruneTo(network: ReadonlyArray<[number, number]>, needed: Iterable<number>): Array<[number, number]> {
  const live = new Set(needed);
  const kept: Array<[number, number]> = [];
  for (let c = network.length - 1; c >= 0; c--) {
    const [a, b] = network[c];
    if (live.has(a) || live.has(b)) {
      live.add(a);
      live.add(b);
      kept.push(network[c]);
    }
  }
  return kept.reverse();
}
