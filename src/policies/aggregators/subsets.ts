/** C(n, k) as a double (exact below 2⁵³, which covers every bound used here). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/**
 * Calls `visit` with every k-subset of 0..n−1 in lexicographic order (the order of Python's
 * `itertools.combinations`), in one reused ascending Int32Array that `visit` must not keep.
 */
export function forEachSubset(n: number, k: number, visit: (subset: Int32Array) => void): void {
  const s = new Int32Array(k);
  for (let i = 0; i < k; i++) s[i] = i;
  if (k > n) return;
  for (;;) {
    visit(s);
    let i = k - 1;
    while (i >= 0 && s[i] === n - k + i) i--;
    if (i < 0) return;
    s[i]++;
    for (let j = i + 1; j < k; j++) s[j] = s[j - 1] + 1;
  }
}

/** The requirement text and test shared by the subset-enumerating rules (MDA, SMEA). */
export function enumerable(maxSubsets: number): { relation: string; holds: (n: number, f: number) => boolean } {
  // f is the call's (reduced) budget: C(n − r, f − r) ≤ C(n, f), so leaving out known-Byzantine vectors never breaks it.
  return {
    relation: `2f < n and C(n, f) ≤ maxSubsets = ${maxSubsets}`,
    holds: (n, f) => 2 * f < n && binomial(n, f) <= maxSubsets,
  };
}
