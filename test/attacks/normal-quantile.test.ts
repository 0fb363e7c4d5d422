import assert from 'node:assert/strict';
import { alieZMax } from '../../src/attacks/alie.js';
import { normalQuantile } from '../../src/attacks/normal-quantile.js';
import { referenceVectors } from '../fixtures/reference.js';

describe('normalQuantile', () => {
  it('matches the reference z_max table (all entries, |error| ≤ 1e-6)', () => {
    const table = referenceVectors.alie_zmax as Record<string, { z_max: number; s: number; p: number }>;
    assert.equal(Object.keys(table).length, 8);
    for (const [key, { z_max, p }] of Object.entries(table)) {
      assert.ok(Math.abs(normalQuantile(p) - z_max) <= 1e-6, `${key}: Φ⁻¹(${p}) = ${normalQuantile(p)}, expected ${z_max}`);
      const [, n, m] = /^n(\d+)_m(\d+)$/.exec(key)!.map(Number);
      assert.ok(Math.abs(alieZMax(n, m) - z_max) <= 1e-6, `${key}: z_max`);
    }
  });

  it('is exactly 0 at 0.5, odd-symmetric, accurate in both tails and infinite at 0 and 1', () => {
    assert.equal(normalQuantile(0.5), 0);
    // Known quantiles: Φ⁻¹(0.975) = 1.959963984540054, Φ⁻¹(0.001) = −3.090232306167813, Φ⁻¹(1e-10) = −6.361340902404056.
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306167813) < 1e-8);
    assert.ok(Math.abs(normalQuantile(1e-10) + 6.361340902404056) < 1e-7);
    for (const p of [0.01, 0.1, 0.3]) assert.ok(Math.abs(normalQuantile(p) + normalQuantile(1 - p)) < 1e-12);
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    assert.throws(() => normalQuantile(1.5), RangeError);
    assert.throws(() => normalQuantile(NaN), RangeError);
  });
});
