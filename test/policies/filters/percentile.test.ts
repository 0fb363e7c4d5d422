import assert from 'node:assert/strict';
import { legacyPercentile, linearPercentile, nearestRankPercentile, percentile } from '../../../src/policies/filters/percentile.js';

const f64 = (...xs: number[]) => Float64Array.from(xs);

describe('percentile', () => {
  describe('linear (NumPy default): h = (N − 1)p, interpolate between x₍⌊h⌋₎ and x₍⌊h⌋+1₎', () => {
    const x = f64(1, 2, 3, 4, 5);
    for (const [p, expected, arithmetic] of [
      [2 / 3, 3.6666666666666665, 'h = 4·2/3 = 2.667 → 3 + 0.667·(4 − 3) = 11/3'],
      [0, 1, 'h = 0 → x₍₀₎'],
      [1, 5, 'h = 4 → x₍₄₎'],
      [0.1, 1.4, 'h = 0.4 → 1 + 0.4'],
      [0.9, 4.6, 'h = 3.6 → 4 + 0.6'],
      [0.25, 2, 'h = 1 → x₍₁₎'],
      [0.5, 3, 'h = 2 → x₍₂₎'],
    ] as const) {
      it(`[1..5] at p = ${p.toFixed(3)}: ${arithmetic} = ${expected}`, () => assert.equal(linearPercentile(x, p), expected));
    }

    it('matches np.quantile to the last bit, including its upper-end interpolation (NumPy 2.4.6)', () => {
      // γ ≥ 0.5 interpolates from the upper end: b − (b − a)(1 − γ). For [0.6, 5.7, 8] at 0.3, h = 0.6:
      // 5.7 − 5.1·0.4 = 3.6599999999999997, whereas 0.6 + 5.1·0.6 rounds to 3.66.
      assert.equal(linearPercentile(f64(5.7, 8.0, 0.6), 0.3), 3.6599999999999997);
      assert.equal(linearPercentile(f64(0.1, 0.2, 0.7), 0.3), 0.16);
      assert.equal(linearPercentile(f64(0.1, 0.2, 0.7), 0.7), 0.3999999999999999);
      assert.equal(linearPercentile(f64(3.3, 1.1, 2.2, 9.9, 5.5, 0.4), 0.9), 7.7);
      assert.equal(linearPercentile(f64(3.3, 1.1, 2.2, 9.9, 5.5, 0.4), 2 / 3), 4.033333333333332);
      assert.equal(linearPercentile(f64(3.3, 1.1, 2.2, 9.9, 5.5, 0.4), 0.55), 3.025);
    });
  });

  describe('legacy (commons-math default): pos = p(N + 1), clamped to [1, N]', () => {
    const x = f64(1, 2, 3, 4, 5);
    for (const [p, expected, arithmetic] of [
      [2 / 3, 4, 'pos = 2/3·6 = 4 → x₍4₎ (1-based)'],
      [200 / 3 / 100, 4, "the Java template's level (200/3)/100: pos = 4 → 4"],
      [0, 1, 'p = 0 → pos 0 < 1 → minimum'],
      [1, 5, 'p = 1 → pos = N → maximum'],
      [0.1, 1, 'pos = 0.6 < 1 → minimum'],
      [0.9, 5, 'pos = 5.4 ≥ N → maximum'],
      [0.25, 1.5, 'pos = 1.5 → 1 + 0.5·(2 − 1)'],
      [0.5, 3, 'pos = 3 → x₍3₎'],
    ] as const) {
      it(`[1..5] at p = ${p.toFixed(3)}: ${arithmetic} = ${expected}`, () => assert.equal(legacyPercentile(x, p), expected));
    }

    it('interpolates between 1-based positions ⌊pos⌋ and ⌊pos⌋ + 1', () => {
      // [1, 2, 4] at (200/3)/100: pos = 0.6667·4 = 2.667 → 2 + 0.667·(4 − 2) = 3.333; linear gives 2 + 0.333·2 = 2.667.
      assert.ok(Math.abs(legacyPercentile(f64(4, 1, 2), 200 / 3 / 100) - 10 / 3) < 1e-15);
      assert.ok(Math.abs(linearPercentile(f64(4, 1, 2), 200 / 3 / 100) - 8 / 3) < 1e-15);
    });
  });

  describe('nearest-rank: the order statistic of 1-based rank max(1, ⌈pN⌉), no interpolation', () => {
    const x = f64(1, 2, 3, 4, 5);
    for (const [p, expected, arithmetic] of [
      [2 / 3, 4, 'pN = 3.33 → rank 4'],
      [0, 1, 'pN = 0 → rank 1'],
      [1, 5, 'pN = 5 → rank 5'],
      [0.1, 1, 'pN = 0.5 → rank 1'],
      [0.9, 5, 'pN = 4.5 → rank 5'],
      [0.6, 3, 'pN = 3 → rank 3 (no step up on an exact rank)'],
      [0.61, 4, 'pN = 3.05 → rank 4'],
    ] as const) {
      it(`[1..5] at p = ${p.toFixed(3)}: ${arithmetic} = ${expected}`, () => assert.equal(nearestRankPercentile(x, p), expected));
    }

    it('is the (n − f)-th smallest of n values at level (n − f)/n, even where (n − f)/n · n rounds off n − f', () => {
      // Hand cases: n = 10, f = 3 (7th of 10); n = 4, f = 1 (3rd of 4).
      assert.equal(nearestRankPercentile(f64(10, 1, 9, 2, 8, 3, 7, 4, 6, 5), 7 / 10), 7);
      assert.equal(nearestRankPercentile(f64(15, 1, 3, 2), 3 / 4), 3);
      // (29/35)·35 = 29.000000000000004 and (15/22)·22 = 14.999999999999998 in float64: the rank is still n − f.
      assert.equal((35 - 6) / 35 * 35, 29.000000000000004);
      assert.equal((22 - 7) / 22 * 22, 14.999999999999998);
      for (const [n, f] of [[35, 6], [22, 7], [39, 8]]) {
        const values = Float64Array.from({ length: n }, (_, i) => n - i); // n, n − 1, ..., 1
        assert.equal(nearestRankPercentile(values, (n - f) / n), n - f, `n = ${n}, f = ${f}`);
      }
      // The template's level (200/3)/100 is one ulp above 2/3: 3 values give pN = 2 → rank 2, 9 give 6.000000000000001 → rank 6.
      assert.equal(nearestRankPercentile(f64(1, 2, 4), 200 / 3 / 100), 2);
      assert.equal(nearestRankPercentile(f64(1, 2, 3, 4, 5, 6, 7, 8, 9), 200 / 3 / 100), 6);
    });
  });

  it('dispatches on the definition', () => {
    const x = f64(1, 2, 3, 4, 5);
    assert.equal(percentile(x, 0.9, 'linear'), 4.6);
    assert.equal(percentile(x, 0.9, 'legacy'), 5);
    assert.equal(percentile(f64(1, 2, 3, 4, 10), 0.7, 'nearest-rank'), 4);
  });

  for (const [name, fn] of [['linear', linearPercentile], ['legacy', legacyPercentile], ['nearest-rank', nearestRankPercentile]] as const) {
    describe(`${name}: inputs and edge cases`, () => {
      it('drops NaN and ±Infinity first, sorts numerically (not as strings), and never mutates the input', () => {
        const messy = f64(5, NaN, 1, Infinity, 3, -Infinity, 2, 4);
        const before = [...messy];
        for (const p of [0, 0.1, 0.25, 0.5, 2 / 3, 0.9, 1]) assert.equal(fn(messy, p), fn(f64(1, 2, 3, 4, 5), p));
        assert.deepEqual([...messy], before);
        // Lexicographic order would be [10, 100, 2, 9].
        assert.equal(fn(f64(10, 9, 100, 2), 0), 2);
        assert.equal(fn(f64(10, 9, 100, 2), 1), 100);
      });

      it('returns the single value for N = 1 and NaN when no value is finite', () => {
        for (const p of [0, 0.3, 1]) assert.equal(fn(f64(7), p), 7);
        assert.ok(Number.isNaN(fn(f64(), 0.5)));
        assert.ok(Number.isNaN(fn(f64(NaN, Infinity), 0.5)));
      });

      it('uses a scratch buffer when given one, leaving the input alone', () => {
        const x = f64(3, 1, 2);
        const scratch = new Float64Array(5).fill(-1);
        assert.equal(fn(x, 1, scratch), 3);
        assert.deepEqual([...x], [3, 1, 2]);
        assert.throws(() => fn(x, 0.5, new Float64Array(2)), /scratch has length 2, expected at least 3/);
      });

      it('refuses a level outside [0, 1]', () => {
        for (const p of [-0.1, 1.5, NaN, 66.7]) assert.throws(() => fn(f64(1, 2), p), /expected a level p in \[0, 1\]/);
      });
    });
  }
});
